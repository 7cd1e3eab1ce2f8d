module.exports = require('../lib/rules.js')('lanes-match-actors');
