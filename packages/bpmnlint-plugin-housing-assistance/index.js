// bpmnlint-plugin-housing-assistance: `plugin:housing-assistance/recommended` in a .bpmnlintrc.
module.exports = {
  configs: {
    recommended: {
      rules: {
        'regulation-steps': 'error',
        'step-deadlines': 'error',
        'topics-have-workers': 'error',
        'refusal-ends': 'error',
        'named-elements': 'error',
        'lanes-match-actors': 'error',
        'people-tasks': 'error',
        'templates-match': 'error',
        'commission-decides': 'error',
        'cited-elements': 'error',
      },
    },
  },
};
