module.exports = require('../lib/rules.js')('topics-have-workers');
