import { verifyRule } from '../support/rule-tester.js';

verifyRule('refusal-ends', {
  valid: [{ name: 'the shipped diagram' }],
  invalid: [
    {
      name: 'a refusal without its end event',
      edit: (x) =>
        x.replace(
          /<bpmn:endEvent id="EndEvent_EdsRefused"(.*?)<\/bpmn:endEvent>/,
          '<bpmn:intermediateThrowEvent id="EndEvent_EdsRefused"$1</bpmn:intermediateThrowEvent>',
        ),
      report: { id: 'EndEvent_EdsRefused', message: /§12 7\) process 4/ },
    },
  ],
});
