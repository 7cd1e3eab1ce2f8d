module.exports = require('../lib/rules.js')('templates-match');
