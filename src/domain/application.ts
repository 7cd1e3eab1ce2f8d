import canonicalizeModule from 'canonicalize';

// The package is CommonJS with an ES-style `export default` in its types: Node's ESM import gives the function itself.
const canonicalize = canonicalizeModule as unknown as (input: unknown) => string | undefined;
import type { District } from './districts.js';
import type { SubmittedDocument, Tenure } from './documents.js';
import type { HousingCosts } from './eligibility.js';

export type Channel = 'state-corporation' | 'portal';
export const CHANNELS: readonly Channel[] = ['state-corporation', 'portal'];

export type IncomeSource = 'salary' | 'pension' | 'social-payment' | 'business' | 'alimony' | 'other';

/** What the applicant hands over: the dossier every step reads. */
export interface Dossier {
  channel: Channel;
  applicant: { iin: string; fullName: string; phone?: string };
  address: { district: District; line: string };
  household: { tenure: Tenure; areaM2: number; onlyDwelling: boolean; permanentlyRegistered: boolean };
  familyMembers: Array<{ fullName: string; relation: string; iin?: string }>;
  /** Aggregate income of the family over the income period (the last quarter), tenge. */
  incomes: Array<{ source: IncomeSource; amount: number; memberIin?: string }>;
  housingCosts: HousingCosts;
  documents: SubmittedDocument[];
  serviceCentre?: string;
  /** Portal only: the applicant's EDS over the request (condition 2): a detached CMS signature, DER in base64. */
  signature?: { cms: string };
  /** §11: consent to the use of information protected by law, on the State Corporation's form of this version. */
  consent: { given: true; formVersion: string; signedFormTaken?: boolean };
}

/**
 * The request as the applicant signs it: the canonical JSON (keys sorted, no spaces) of the request
 * body without `signature` and without `channel`, which the portal session decides, not the applicant.
 */
export function signedContent(dossier: Dossier): string {
  const { signature: _signature, channel: _channel, serviceCentre: _centre, ...request } = dossier;
  return canonicalJson(request);
}

/** RFC 8785 (JCS) canonical JSON: what the applicant's EDS and the provider's signature are over. */
export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new Error('nothing to canonicalize');
  return text;
}

export function familySize(dossier: Dossier): number {
  return 1 + dossier.familyMembers.length;
}

export function periodIncome(dossier: Dossier): number {
  return dossier.incomes.reduce((sum, i) => sum + i.amount, 0);
}

export type ApplicationStatus =
  | 'received'
  | 'in-progress'
  | 'intake-refused'
  | 'authorization-refused'
  | 'eds-refused'
  | 'documents-refused'
  | 'assigned'
  | 'refused';
