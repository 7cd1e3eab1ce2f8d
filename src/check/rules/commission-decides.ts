import type { Model } from '../model.js';
import { commissionDecisionStep } from '../../domain/regulation.js';
import type { Rule } from '../rule.js';

const exit = (subProcess: string) => `${subProcess}#exit`;

/**
 * What can be reached from the process's start without completing `blocked`: sequence flows, boundary
 * events of the activities reached, a subprocess's start events when it is entered (its event
 * subprocesses too), and its outgoing flows only once one of its end events is reached.
 */
function reachableAvoiding(model: Model, blocked: ReadonlySet<string>): Set<string> {
  const elements = [...model.elements.values()];
  const next = new Map<string, string[]>();
  const edge = (from: string, to: string) => next.set(from, [...(next.get(from) ?? []), to]);
  const subProcesses = new Set(elements.filter((e) => e.type === 'bpmn:SubProcess').map((e) => e.id));
  for (const f of model.flows) edge(subProcesses.has(f.source) ? exit(f.source) : f.source, f.target);
  for (const e of elements) {
    if (e.attachedTo) edge(e.attachedTo, e.id);
    if (e.type === 'bpmn:StartEvent') edge(e.parent ?? '#process', e.id);
    if (e.type === 'bpmn:SubProcess' && e.triggeredByEvent) edge(e.parent ?? '#process', e.id);
    if (e.type === 'bpmn:EndEvent' && e.parent) edge(e.id, exit(e.parent));
  }
  const boundaryOf = (id: string) => elements.filter((e) => e.attachedTo === id).map((e) => e.id);
  const seen = new Set<string>();
  const todo = ['#process'];
  while (todo.length) {
    const id = todo.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    // A blocked task is reached but not passed: only its boundary events (leaving it undone) go on.
    todo.push(...(blocked.has(id) ? boundaryOf(id) : (next.get(id) ?? [])));
  }
  return seen;
}

/**
 * §8 and §6 step 4 (§10 5)): only the commission decides, so no path reaches the notification (step 5) around
 * the commission's user task (step "4 decision") — no gateway, flow or boundary event that lets a
 * calculation's recommendation stand on its own.
 */
export const commissionDecides: Rule = {
  id: 'commission-decides',
  check(model, { regulation }) {
    const decision = commissionDecisionStep(regulation);
    const notification = regulation.steps.find((s) => s.topic === 'notification');
    if (!decision || !notification) return [];
    const where = { rule: this.id, clause: `${decision.cite}, §8` };
    if (model.elements.get(decision.element)?.type !== 'bpmn:UserTask')
      return [
        {
          ...where,
          element: decision.element,
          message: `the commission's decision ${decision.element} is not a user task`,
          fix: `model step 4's decision as the user task ${decision.element} of the commission`,
        },
      ];
    if (!reachableAvoiding(model, new Set([decision.element])).has(notification.element)) return [];
    return [
      {
        ...where,
        element: notification.element,
        message: `a path reaches ${notification.element} without passing the commission's task ${decision.element}: only the commission decides`,
        fix: `remove the path around ${decision.element} (a gateway, flow or boundary event that skips the commission)`,
      },
    ];
  },
};
