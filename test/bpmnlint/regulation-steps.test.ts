import { verifyRule } from '../support/rule-tester.js';

verifyRule('regulation-steps', {
  valid: [{ name: 'the shipped diagram' }],
  invalid: [
    {
      name: 'a missing step',
      edit: (x) => x.replaceAll('Task_CommissionTransfer', 'Task_ToCommission'),
      report: { id: 'Task_CommissionTransfer', message: /^§6 step 3 \/ §9 3\) \/ §10 4\): / },
    },
    {
      name: 'no data from the state registers (§11)',
      edit: (x) => x.replace('camunda:topic="state-data"', 'camunda:topic="commission-transfer"'),
      report: { id: 'Task_StateData', message: /^§11: .*state-data/ },
    },
  ],
});
