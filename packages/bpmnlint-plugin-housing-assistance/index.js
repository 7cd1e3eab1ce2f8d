// bpmnlint-plugin-housing-assistance: `plugin:housing-assistance/recommended` in a .bpmnlintrc. The rule
// list is the one registry's (src/check/rules/index.ts, every rule an error), read through tsx as
// lib/rules.js reads the rules; rules/ holds one file per rule for bpmnlint's resolver (a test holds it
// to the registry).
const { require: tsxRequire } = require('tsx/cjs/api');

module.exports = {
  configs: {
    recommended: tsxRequire('../../src/check/bpmnlint.ts', __filename).recommended,
  },
};
