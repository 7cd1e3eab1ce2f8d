import { STEPS, type Actor } from '../../domain/regulation.js';
import type { Rule } from '../rule.js';

export const LANE_OF_ACTOR: Record<Actor, string> = {
  portal: 'Lane_Portal',
  'state-corporation': 'Lane_StateCorporation',
  specialist: 'Lane_Specialist',
  head: 'Lane_Head',
  commission: 'Lane_Commission',
};

/** Every step of the regulation has its element, worked by its topic, in its actor's lane. */
export const regulationSteps: Rule = {
  id: 'regulation-steps',
  check(model) {
    return STEPS.flatMap((step) => {
      const where = { rule: this.id, element: step.elementId, clause: `${step.clause} ${step.step}` };
      const element = model.elements.get(step.elementId);
      if (!element) return [{ ...where, message: `no element for "${step.what}"`, fix: `add a service task ${step.elementId} (topic ${step.topic}) in ${LANE_OF_ACTOR[step.actor]}` }];
      const findings = [];
      if (element.topic !== step.topic) findings.push({ ...where, message: `topic is ${element.topic ?? 'missing'}, the step's worker listens on ${step.topic}`, fix: `set the topic of ${step.elementId} to ${step.topic}` });
      if (element.lane !== LANE_OF_ACTOR[step.actor]) findings.push({ ...where, message: `in ${element.lane ?? 'no lane'}, but the regulation gives this step to ${step.actor}`, fix: `move ${step.elementId} into ${LANE_OF_ACTOR[step.actor]}` });
      return findings;
    });
  },
};
