module.exports = require('../lib/rules.js')('regulation-version');
