import { verifyRule } from '../support/rule-tester.js';

/** The diagram as it was before step 4 became the commission's alone: a gateway letting the recommendation stand. */
const recommendationStands = (x: string) =>
  x.replace(
    '<bpmn:sequenceFlow id="Flow_ToCommissionTask" sourceRef="Task_CommissionDecision" targetRef="Gateway_ToCommission" />',
    '<bpmn:sequenceFlow id="Flow_ToCommissionTask" sourceRef="Task_CommissionDecision" targetRef="Gateway_ToCommission" />' +
      '<bpmn:sequenceFlow id="Flow_RecommendationStands" sourceRef="Task_CommissionDecision" targetRef="EndEvent_CommissionDecided" />',
  );

verifyRule('commission-decides', {
  valid: [{ name: 'the shipped diagram' }],
  invalid: [
    {
      name: 'a flow from the case sheet around the commission to the end of step 4',
      edit: recommendationStands,
      report: { id: 'Task_Notification', message: /without passing the commission's task UserTask_CommissionDecision/ },
    },
    {
      name: 'an interrupting timer on the commission task that leads to the notification',
      edit: (x) =>
        x.replace(
          '<bpmn:sequenceFlow id="Flow_ToCommissionTask"',
          '<bpmn:boundaryEvent id="Event_Skip" name="Too slow" attachedToRef="UserTask_CommissionDecision"><bpmn:outgoing>Flow_Skip</bpmn:outgoing><bpmn:timerEventDefinition id="T_Skip"><bpmn:timeDuration>P1D</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>' +
            '<bpmn:sequenceFlow id="Flow_Skip" sourceRef="Event_Skip" targetRef="EndEvent_CommissionDecided" />' +
            '<bpmn:sequenceFlow id="Flow_ToCommissionTask"',
        ),
      report: { id: 'Task_Notification', message: /only the commission decides/ },
    },
    {
      name: 'the commission decided by a service task',
      edit: (x) =>
        x.replace(
          /<bpmn:userTask id="UserTask_CommissionDecision"(.*?)<\/bpmn:userTask>/,
          '<bpmn:serviceTask id="UserTask_CommissionDecision"$1</bpmn:serviceTask>',
        ),
      report: { id: 'UserTask_CommissionDecision', message: /is not a user task/ },
    },
  ],
});
