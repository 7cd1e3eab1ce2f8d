import type { Text } from './text.js';

/** Where results wait for people: a State Corporation centre's out-tray and an applicant's cabinet. */
export interface CabinetMessage {
  applicationId: string;
  kind: 'accepted' | 'refusal' | 'result';
  at: string;
  text: Text;
  readyBy?: string;
  /** The result as a document signed by the provider (§12, §14): the exact bytes and a detached CMS signature. */
  document?: { content: string; signature: string; mediaType: 'application/json' };
}

export interface OutTrayItem {
  applicationId: string;
  registrationNumber?: string;
  kind: 'notification' | 'refusal-receipt';
  at: string;
  text: Text;
}

/** Step 6: the employee's mark that the applicant came to the desk, or took the result. */
export interface HandOver {
  at: string;
  operator: string;
}

export type DeskMark = 'at-desk' | 'handed-over';
