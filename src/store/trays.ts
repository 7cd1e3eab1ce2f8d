/** Where results wait for people: a district's State Corporation out-tray and an applicant's cabinet. */
export const outTrayKey = (district: string) => `out-tray:${district}`;
export const cabinetKey = (applicantKey: string) => `cabinet:${applicantKey}`;

export interface CabinetMessage {
  applicationId: string;
  kind: 'accepted' | 'refusal' | 'result';
  at: string;
  text: { kk: string; ru: string };
  readyBy?: string;
}

export interface OutTrayItem {
  applicationId: string;
  registrationNumber?: string;
  kind: 'notification' | 'refusal-receipt';
  at: string;
  text: { kk: string; ru: string };
}
