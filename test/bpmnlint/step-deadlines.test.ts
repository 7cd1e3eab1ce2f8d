import { verifyRule } from '../support/rule-tester.js';

verifyRule('step-deadlines', {
  valid: [
    { name: 'the shipped diagram' },
    {
      name: 'a limit written another way (PT1200S for PT20M)',
      edit: (x) =>
        x.replace(
          /(Timer_RegistrationDeadlineDefinition"><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">)PT20M/,
          '$1PT1200S',
        ),
    },
  ],
  invalid: [
    {
      name: 'a 25-minute registration limit',
      edit: (x) =>
        x.replace(
          /(Timer_RegistrationDeadlineDefinition"><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">)PT20M/,
          '$1PT25M',
        ),
      report: { id: 'Timer_RegistrationDeadline', message: /timer PT25M differs from the regulation's PT20M/ },
    },
    {
      name: 'an interrupting deadline',
      edit: (x) =>
        x.replace(
          'cancelActivity="false" attachedToRef="Task_Notification"',
          'cancelActivity="true" attachedToRef="Task_Notification"',
        ),
      report: { id: 'Timer_NotificationDeadline', message: /interrupts the step/ },
    },
  ],
});
