import { verifyRule } from '../support/rule-tester.js';

verifyRule('named-elements', {
  valid: [{ name: 'the shipped diagram' }],
  invalid: [
    {
      name: 'a step without a name',
      edit: (x) => x.replace('name="Review and designate the responsible specialist (step 2)"', 'name=""'),
      report: { id: 'Task_Resolution', message: /name/ },
    },
  ],
});
