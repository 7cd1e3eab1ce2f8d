module.exports = require('../lib/rules.js')('regulation-steps');
