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
  /** Portal only: the applicant's EDS over the request (condition 2). */
  signature?: { certificate: string; value: string };
}

/** The request as the applicant signed it: the dossier without the signature, canonical JSON. */
export function signedContent(dossier: Dossier): string {
  const { signature: _signature, ...request } = dossier;
  return canonicalJson(request);
}

export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
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

