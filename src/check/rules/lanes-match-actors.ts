import type { Rule } from '../rule.js';

/** The pool has one lane per actor of §8 (and the portal side), and no other. */
export const lanesMatchActors: Rule = {
  id: 'lanes-match-actors',
  check(model, { regulation }) {
    const expected = regulation.actors.map((a) => a.lane);
    const present = model.lanes.map((l) => l.id);
    return [
      ...regulation.actors
        .filter((a) => !present.includes(a.lane))
        .map((a) => ({
          rule: this.id,
          element: a.lane,
          clause: a.clause,
          message: `missing the lane of ${a.name}`,
          fix: `add the lane ${a.lane}`,
        })),
      ...present
        .filter((id) => !expected.includes(id))
        .map((id) => ({
          rule: this.id,
          element: id,
          clause: '§8',
          message: 'a lane for no actor of the regulation',
          fix: `remove ${id}, or add its actor to regulation.yaml`,
        })),
    ];
  },
};
