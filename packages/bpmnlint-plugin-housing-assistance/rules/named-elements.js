module.exports = require('../lib/rules.js')('named-elements');
