module.exports = require('../lib/rules.js')('refusal-ends');
