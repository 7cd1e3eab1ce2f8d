import { laneOfActor, stepsOf } from '../../domain/regulation.js';
import type { Rule } from '../rule.js';

/** Every step of the regulation has its element, worked by its topic, in its actor's lane. */
export const regulationSteps: Rule = {
  id: 'regulation-steps',
  check(model, { regulation }) {
    const lanes = laneOfActor(regulation);
    const process =
      model.processId === regulation.process
        ? []
        : [
            {
              rule: this.id,
              element: model.processId,
              clause: '§1',
              message: `the process id is ${model.processId}, the regulation's process is ${regulation.process}`,
              fix: `set the process id to ${regulation.process}, so the deployment replaces it and the API starts it`,
            },
          ];
    return [
      ...process,
      ...stepsOf(regulation).flatMap((step) => {
        const where = { rule: this.id, element: step.elementId, clause: step.citation };
        const element = model.elements.get(step.elementId);
        const lane = lanes[step.actor];
        if (!element)
          return [
            {
              ...where,
              message: `no element for "${step.what}"`,
              fix: step.topic
                ? `add a service task ${step.elementId} (topic ${step.topic}) in ${lane}`
                : `add the element ${step.elementId} in ${lane}, or name the element that does this step in regulation.yaml`,
            },
          ];
        const findings = [];
        if (step.topic && element.topic !== step.topic)
          findings.push({
            ...where,
            message: `topic is ${element.topic ?? 'missing'}, the step's worker listens on ${step.topic}`,
            fix: `set the topic of ${step.elementId} to ${step.topic}`,
          });
        if (element.lane !== lane)
          findings.push({
            ...where,
            message: `in ${element.lane ?? 'no lane'}, but the regulation gives this step to ${step.actor}`,
            fix: `move ${step.elementId} into ${lane}`,
          });
        return findings;
      }),
    ];
  },
};
