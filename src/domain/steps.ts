import type { CaseSheet } from './commission.js';
import type { DocumentCheck, DocumentType, FileProblem } from './documents.js';
import type { EdsProblem } from './eds.js';
import type { Decision } from './eligibility.js';
import type { StateAnswers, Verification } from './state-data.js';
import type { Text } from './text.js';

/** A time limit of the regulation that a timer found breached, as recorded on the application. */
export interface RecordedBreach {
  element: string;
  limit: string;
  recordedAt: string;
}

/** Appendix 3: the receipt refusing the documents (A1', §11). */
export interface Receipt {
  number: string;
  issuedAt: string;
  serviceCentre: string;
  operator: string | null;
  missing: DocumentType[];
  expired: DocumentType[];
  text: Text;
}

export type CommissionDecision = Decision & {
  decidedAt: string;
  by: 'commission' | 'calculation';
  minutes?: { number: string; date: string };
  /** The member who entered it in Tasklist (staff see it, applicants never). */
  decidedBy?: string | null;
  amountReason?: string;
};

/** What each step records on the application, by the step's name: written by its worker, read by later steps and the status. */
export interface StepResults {
  intake: DocumentCheck & { checkedAt: string };
  receipt: Receipt;
  authorization: { authorized: boolean; reason?: Text };
  eds: { edsValid: boolean; problems: EdsProblem[]; reason?: Text };
  documents: DocumentCheck & {
    files: Array<{ type: string; problem: FileProblem }>;
    documentsConform: boolean;
    reason?: Text;
  };
  acceptance: { readyBy?: string; text: Text };
  registration: { number: string; sequence: number; registeredAt: string };
  resolution: { specialist: string; resolvedAt: string };
  stateData: {
    askedAt: string;
    period: { from: string; to: string };
    answers: StateAnswers;
    verification: Verification;
  };
  transfer: { caseNumber: string; by: string; transferredAt: string };
  caseSheet: CaseSheet;
  decision: CommissionDecision;
  notification: { outcome: Decision['outcome']; text: Text; preparedAt: string };
  delivery: { to: 'cabinet'; deliveredAt: string } | { to: 'state-corporation'; centre: string; deliveredAt: string };
}

export type StepName = keyof StepResults;
