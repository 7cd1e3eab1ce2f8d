import { stepsOf } from '../../domain/regulation.js';
import { districtGroup } from '../../domain/roles.js';
import type { Finding, Rule } from '../rule.js';

/**
 * A step the regulation gives to people (step 4: the commission) is a user task in Tasklist that only
 * the group of the application's district may claim, showing its Camunda Form deployed with the diagram.
 */
export const peopleTasks: Rule = {
  id: 'people-tasks',
  check(model, { regulation, forms }) {
    return stepsOf(regulation).flatMap((step) => {
      if (!step.group) return [];
      const element = model.elements.get(step.elementId);
      if (!element) return [];
      const where = { rule: this.id, element: step.elementId, clause: step.citation };
      const group = districtGroup(step.group, '${district}');
      if (element.type !== 'bpmn:UserTask')
        return [
          {
            ...where,
            message: `a ${element.type.replace('bpmn:', '')}, but people do this step in Tasklist`,
            fix: `make ${step.elementId} a user task for ${group}`,
          },
        ];
      const findings: Finding[] = [];
      if (element.candidateGroups !== group)
        findings.push({
          ...where,
          message: `candidate groups are ${element.candidateGroups ?? 'missing'}: only the district's ${step.group} may do this step`,
          fix: `set the candidate groups of ${step.elementId} to ${group}`,
        });
      if (!element.formRef)
        findings.push({
          ...where,
          message: 'no form: the person would see nothing to decide on',
          fix: `set the form reference (camunda:formRef) of ${step.elementId} to a Camunda Form in bpmn/`,
        });
      else {
        if (element.formRefBinding !== 'deployment')
          findings.push({
            ...where,
            message: `the form binding is ${element.formRefBinding ?? 'missing'}: a running application could get another version's form`,
            fix: `set the binding of ${step.elementId}'s form to deployment`,
          });
        if (forms && !forms.includes(element.formRef))
          findings.push({
            ...where,
            message: `no form ${element.formRef} beside the diagram`,
            fix: `add ${element.formRef}.form (a Camunda Form with id ${element.formRef}) to the diagram's folder`,
          });
      }
      return findings;
    });
  },
};
