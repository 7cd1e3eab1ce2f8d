import { verifyRule } from '../support/rule-tester.js';

verifyRule('people-tasks', {
  valid: [{ name: 'the shipped diagram' }],
  invalid: [
    {
      name: 'a commission task any district may claim',
      edit: (x) =>
        x.replace('camunda:candidateGroups="commission-${district}"', 'camunda:candidateGroups="commission-bostandyk"'),
      report: { id: 'UserTask_CommissionDecision', message: /commission-\$\{district\}/ },
    },
    {
      name: 'a form that is not deployed',
      edit: (x) => x.replace('camunda:formRef="commission-decision"', 'camunda:formRef="commission-decision-v2"'),
      report: { id: 'UserTask_CommissionDecision', message: /commission-decision-v2/ },
    },
  ],
});
