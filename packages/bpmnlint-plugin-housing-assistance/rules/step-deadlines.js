module.exports = require('../lib/rules.js')('step-deadlines');
