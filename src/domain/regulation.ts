import { durationMs } from './duration.js';

/**
 * The regulation (Almaty akimat resolution 2/226 of 22.06.2017) as the process executes it: each
 * step with its clause, actor, the BPMN element that implements it, the worker topic and the time
 * limit. All limits are calendar time, as the engine's timers count it.
 */
export type Actor = 'state-corporation' | 'specialist' | 'head' | 'commission' | 'portal';

export interface RegulationStep {
  step: string;
  clause: string;
  actor: Actor;
  elementId: string;
  topic: string;
  limit?: string;
  what: string;
}

export const TOTAL_TERM = { clause: '§4', limit: 'P10D', what: 'the whole service: 10 calendar days' } as const;

export const STEPS: readonly RegulationStep[] = [
  { step: 'A1', clause: '§10', actor: 'state-corporation', elementId: 'Task_IntakeCheck', topic: 'intake-check', limit: 'PT15M', what: 'accept the application and check the §9 documents' },
  { step: "A1'", clause: '§11', actor: 'state-corporation', elementId: 'Task_RefusalReceipt', topic: 'refusal-receipt', what: 'issue the receipt refusing to accept documents (Appendix 3 of the Standard)' },
  { step: 'condition 1', clause: '§14', actor: 'portal', elementId: 'Task_PortalAuthorization', topic: 'portal-authorization', what: "check the registered applicant's IIN (process 2 on refusal)" },
  { step: 'condition 2', clause: '§14', actor: 'portal', elementId: 'Task_EdsCheck', topic: 'eds-check', what: 'check the EDS certificate: validity, revocation, IIN (process 4 on refusal)' },
  { step: 'condition 3', clause: '§14', actor: 'portal', elementId: 'Task_DocumentsCheck', topic: 'documents-check', what: 'check the documents against §9 of the Standard (process 6 on refusal)' },
  { step: '§13', clause: '§13', actor: 'portal', elementId: 'Task_CabinetAcceptance', topic: 'cabinet-acceptance', what: 'status message in the personal cabinet with the ready-by date' },
  { step: '1', clause: '§10', actor: 'specialist', elementId: 'Task_Registration', topic: 'registration', limit: 'PT20M', what: 'register the documents, send them to the head' },
  { step: '2', clause: '§10', actor: 'head', elementId: 'Task_Resolution', topic: 'resolution', limit: 'PT30M', what: 'review and designate the responsible specialist' },
  { step: '3', clause: '§10', actor: 'specialist', elementId: 'Task_CommissionTransfer', topic: 'commission-transfer', limit: 'P2D', what: 'pass the case to the commission' },
  { step: '4', clause: '§10', actor: 'commission', elementId: 'Task_CommissionDecision', topic: 'commission-decision', limit: 'P6D', what: 'decide to assign or refuse' },
  { step: '5', clause: '§10', actor: 'specialist', elementId: 'Task_Notification', topic: 'notification', limit: 'P1D', what: 'prepare the notification of assignment or refusal' },
  { step: '6', clause: '§10', actor: 'state-corporation', elementId: 'Task_HandOver', topic: 'delivery', limit: 'PT15M', what: 'hand the notification to the applicant' },
  { step: 'process 7', clause: '§12, §14', actor: 'portal', elementId: 'Task_CabinetDelivery', topic: 'delivery', what: 'deliver the notification to the personal cabinet' },
];

export const BREACH_TOPIC = 'deadline-breach';

/** §4, §13: when the result is due, counted from handing over the documents or applying on the portal. */
export function readyBy(receivedAt: string): Date {
  return new Date(Date.parse(receivedAt) + durationMs(TOTAL_TERM.limit));
}
