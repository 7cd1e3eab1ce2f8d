import canonicalizeModule from 'canonicalize';
import { z } from 'zod';
import { DISTRICT_IDS, type District } from './districts.js';
import { submittedDocumentSchema } from './documents.js';
import { dwellingSchema, housingCostsSchema } from './eligibility.js';

// The package is CommonJS with an ES-style `export default` in its types: Node's ESM import gives the function itself.
const canonicalize = canonicalizeModule as unknown as (input: unknown) => string | undefined;

export const CHANNELS = ['state-corporation', 'portal'] as const;
export type Channel = (typeof CHANNELS)[number];

export const INCOME_SOURCES = ['salary', 'pension', 'social-payment', 'business', 'alimony', 'other'] as const;
export type IncomeSource = (typeof INCOME_SOURCES)[number];

export const districtSchema = z.enum(DISTRICT_IDS as [District, ...District[]]);

/**
 * What the applicant hands over: the dossier every step reads, as it is stored (the API's
 * `applicationSchema` is the stricter form a client's request must pass first).
 */
export const dossierSchema = z.object({
  channel: z.enum(CHANNELS),
  applicant: z.object({ iin: z.string(), fullName: z.string(), phone: z.string().optional() }),
  address: z.object({ district: districtSchema, line: z.string() }),
  household: dwellingSchema,
  familyMembers: z.array(z.object({ fullName: z.string(), relation: z.string(), iin: z.string().optional() })),
  /** Aggregate income of the family over the income period (the last quarter), tenge. */
  incomes: z.array(z.object({ source: z.enum(INCOME_SOURCES), amount: z.number(), memberIin: z.string().optional() })),
  housingCosts: housingCostsSchema,
  documents: z.array(submittedDocumentSchema),
  serviceCentre: z.string().optional(),
  /** Portal only: the applicant's EDS over the request (condition 2): a detached CMS signature, DER in base64. */
  signature: z.object({ cms: z.string() }).optional(),
  /** §11: consent to the use of information protected by law, on the State Corporation's form of this version. */
  consent: z.object({ given: z.literal(true), formVersion: z.string(), signedFormTaken: z.boolean().optional() }),
});
export type Dossier = z.infer<typeof dossierSchema>;

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

export const APPLICATION_STATUSES = [
  'received',
  'in-progress',
  'intake-refused',
  'authorization-refused',
  'eds-refused',
  'documents-refused',
  'assigned',
  'refused',
] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];
