import { verifyRule } from '../support/rule-tester.js';

verifyRule('templates-match', {
  valid: [{ name: 'the shipped diagram' }, { name: 'a task renamed (the name is the analyst’s)', edit: (x) => x.replace('name="Register the documents (step 1)"', 'name="Register the application (step 1)"') }],
  invalid: [
    { name: 'a worker task not made from its template', edit: (x) => x.replace(' camunda:modelerTemplate="kz.almaty.housing-assistance.resolution" camunda:modelerTemplateVersion="1"', ''), report: { id: 'Task_Resolution', message: /not made from the element template of its topic resolution/ } },
    { name: 'a changed fixed property', edit: (x) => x.replace('<camunda:property name="reads" value="receivedAt" />', '<camunda:property name="reads" value="receivedAt, district" />'), report: { id: 'Task_Registration', message: /Reads process variables is "receivedAt, district" where the template/ } },
  ],
});
