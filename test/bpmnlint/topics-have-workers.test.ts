import { verifyRule } from '../support/rule-tester.js';

verifyRule('topics-have-workers', {
  valid: [{ name: 'the shipped diagram' }],
  invalid: [
    {
      name: 'a topic without a worker',
      edit: (x) => x.replace('camunda:topic="notification"', 'camunda:topic="notify"'),
      report: { id: 'Task_Notification', message: /notify/ },
    },
  ],
});
