import type { Rule } from '../rule.js';

/** Each refusal ground and each outcome of the regulation ends in an end event of its own. */
export const REQUIRED_ENDS: ReadonlyArray<{ id: string; clause: string; what: string }> = [
  { id: 'EndEvent_RefusalReceipt', clause: "§11 A1'", what: 'receipt refusing the documents' },
  { id: 'EndEvent_AuthorizationRefused', clause: '§14 process 2', what: 'authorization refused' },
  { id: 'EndEvent_EdsRefused', clause: '§14 process 4', what: 'EDS not confirmed' },
  { id: 'EndEvent_DocumentsRefused', clause: '§14 process 6', what: 'documents do not conform' },
  { id: 'EndEvent_AssistanceRefused', clause: '§10 step 4', what: 'commission refused, notified' },
  { id: 'EndEvent_AssistanceAssigned', clause: '§10 step 4', what: 'commission assigned, notified' },
];

export const refusalEnds: Rule = {
  id: 'refusal-ends',
  check(model) {
    return REQUIRED_ENDS.flatMap((end) => {
      const element = model.elements.get(end.id);
      const where = { rule: this.id, element: end.id, clause: end.clause };
      if (element?.type !== 'bpmn:EndEvent') return [{ ...where, message: `no end event for "${end.what}"`, fix: `add the end event ${end.id}` }];
      if (element.incoming.length === 0) return [{ ...where, message: `nothing reaches "${end.what}"`, fix: `connect the refusal's path to ${end.id}` }];
      return [];
    });
  },
};
