import { verifyRule } from '../support/rule-tester.js';

verifyRule('lanes-match-actors', {
  valid: [{ name: 'the shipped diagram' }],
  invalid: [
    {
      name: 'a lane for no actor',
      edit: (x) => x.replaceAll('Lane_Head', 'Lane_Boss'),
      report: { id: 'Lane_Boss', message: /./ },
    },
  ],
});
