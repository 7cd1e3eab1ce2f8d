module.exports = require('../lib/rules.js')('cited-elements');
