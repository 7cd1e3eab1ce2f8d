import type { Model } from '../model.js';
import type { Rule } from '../rule.js';

/** Elements reachable from `from` along sequence flows (and boundary events of the activities passed). */
function reachableFrom(model: Model, from: string): Set<string> {
  const seen = new Set<string>();
  const todo = [from];
  while (todo.length) {
    const id = todo.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const f of model.flows) if (f.source === id) todo.push(f.target);
  }
  return seen;
}

/** Each refusal ground and each outcome of the regulation ends in an end event of its own, reached from the step that decides it. */
export const refusalEnds: Rule = {
  id: 'refusal-ends',
  check(model, { regulation }) {
    return regulation.outcomes.flatMap((end) => {
      const element = model.elements.get(end.element);
      const where = { rule: this.id, element: end.element, clause: end.cite };
      if (element?.type !== 'bpmn:EndEvent')
        return [{ ...where, message: `no end event for "${end.ground}"`, fix: `add the end event ${end.element}` }];
      if (!model.elements.has(end.from))
        return [
          {
            ...where,
            message: `the deciding step ${end.from} is missing`,
            fix: `add ${end.from}, or name the deciding element in regulation.yaml`,
          },
        ];
      if (!reachableFrom(model, end.from).has(end.element))
        return [
          {
            ...where,
            message: `"${end.ground}" does not lead from ${end.from} to ${end.element}`,
            fix: `connect the path from ${end.from} to ${end.element}`,
          },
        ];
      return [];
    });
  },
};
