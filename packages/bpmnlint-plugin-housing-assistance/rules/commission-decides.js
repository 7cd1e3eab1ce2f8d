module.exports = require('../lib/rules.js')('commission-decides');
