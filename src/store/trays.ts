/** Where results wait for people: a State Corporation centre's out-tray and an applicant's cabinet. */
export const outTrayKey = (centre: string) => `out-tray:${centre}`;
/** Step 6: which out-tray items the centre's employee has handed to the applicant. */
export const handedOverKey = (centre: string) => `handed-over:${centre}`;
export const cabinetKey = (applicantKey: string) => `cabinet:${applicantKey}`;

export interface CabinetMessage {
  applicationId: string;
  kind: 'accepted' | 'refusal' | 'result';
  at: string;
  text: { kk: string; ru: string };
  readyBy?: string;
  /** The result as a document signed by the provider (§12, §14): the exact bytes and a detached CMS signature. */
  document?: { content: string; signature: string; mediaType: 'application/json' };
}

export interface OutTrayItem {
  applicationId: string;
  registrationNumber?: string;
  kind: 'notification' | 'refusal-receipt';
  at: string;
  text: { kk: string; ru: string };
}
