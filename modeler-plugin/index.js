// Camunda Modeler loads this folder from resources/plugins/: the regulation's rules as lint rules.
// Build it first (npm run modeler-plugin), then copy the whole folder (see docs/analysts.md, "Camunda Modeler").
module.exports = {
  name: 'Housing assistance: the regulation and the workers',
  script: './dist/client.js',
};
