import type { Rule } from '../rule.js';
import { LANE_OF_ACTOR } from './regulation-steps.js';

/** The pool has one lane per actor of §8 (and the portal side), and no other. */
export const lanesMatchActors: Rule = {
  id: 'lanes-match-actors',
  check(model) {
    const expected = Object.values(LANE_OF_ACTOR);
    const present = model.lanes.map((l) => l.id);
    return [
      ...expected.filter((id) => !present.includes(id)).map((id) => ({ rule: this.id, element: id, clause: '§8', message: 'missing lane', fix: `add the lane ${id}` })),
      ...present.filter((id) => !expected.includes(id)).map((id) => ({ rule: this.id, element: id, clause: '§8', message: 'a lane for no actor of the regulation', fix: `remove ${id} or name its actor in src/domain/regulation.ts` })),
    ];
  },
};
