module.exports = require('../lib/rules.js')('people-tasks');
