import { verifyRule } from '../support/rule-tester.js';

verifyRule('templates-match', {
  valid: [
    { name: 'the shipped diagram' },
    {
      name: 'a task renamed (the name is the analyst’s)',
      edit: (x) => x.replace('name="Register the documents (step 1)"', 'name="Register the application (step 1)"'),
    },
    {
      name: 'a worker task drawn by hand, not from a template',
      edit: (x) =>
        x.replace(
          ' camunda:modelerTemplate="kz.almaty.housing-assistance.resolution" camunda:modelerTemplateVersion="1"',
          '',
        ),
    },
  ],
  invalid: [
    {
      name: 'a task made from another topic’s template',
      edit: (x) =>
        x.replace(
          'camunda:topic="notification" camunda:modelerTemplate="kz.almaty.housing-assistance.notification"',
          'camunda:topic="notification" camunda:modelerTemplate="kz.almaty.housing-assistance.resolution"',
        ),
      report: {
        id: 'Task_Notification',
        message:
          /made from the template kz.almaty.housing-assistance.resolution, not kz.almaty.housing-assistance.notification/,
      },
    },
    {
      name: 'a changed fixed property',
      edit: (x) =>
        x.replace(
          '<camunda:property name="clause" value="§6 step 1 / §9 1) / §10 2)" /><camunda:property name="reads" value="receivedAt" />',
          '<camunda:property name="clause" value="§6 step 1 / §9 1) / §10 2)" /><camunda:property name="reads" value="receivedAt, district" />',
        ),
      report: {
        id: 'Task_Registration',
        message: /Reads process variables is "receivedAt, district" where the template/,
      },
    },
  ],
});
