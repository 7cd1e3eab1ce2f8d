// The rules live in the repository's TypeScript (src/check/rules); Node loads them through tsx, with the
// regulation and the workers' element templates read from the repository. The Modeler plugin bundles
// the same sources (modeler-plugin/).
const { require: tsxRequire } = require('tsx/cjs/api');

let rules;
module.exports = function rule(id) {
  rules ??= tsxRequire('../../../src/check/bpmnlint-node.ts', __filename).nodeRules();
  return rules[id];
};
