import type { SignedDocument } from './provider-signer.js';
import type { Text } from './text.js';

/** Where results wait for people: a State Corporation centre's out-tray and an applicant's cabinet. */
export interface CabinetMessage {
  applicationId: string;
  kind: 'accepted' | 'refusal' | 'result';
  at: string;
  text: Text;
  readyBy?: string;
  /** The result as a document signed by the district's department (§12, §14). */
  document?: SignedDocument;
}

export interface OutTrayItem {
  applicationId: string;
  registrationNumber?: string;
  kind: 'notification' | 'refusal-receipt';
  at: string;
  text: Text;
  /** §3: the result is electronic, so the State Corporation's copy is signed as the cabinet's is. */
  document?: SignedDocument;
}

/** Step 6: the employee's mark that the applicant came to the desk, or took the result. */
export interface HandOver {
  at: string;
  operator: string;
}

export type DeskMark = 'at-desk' | 'handed-over';
