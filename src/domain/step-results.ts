import { z } from 'zod';
import { DISTRICT_IDS } from './districts.js';
import { DOCUMENT_TYPES, type FileProblem, type Tenure } from './documents.js';
import type { EdsProblem } from './eds.js';
import type { MeteredService } from './eligibility.js';
import { RECORD_SCHEMAS, STATE_SOURCE_IDS, type StateSource } from './state-data.js';
import type { StepName, StepResults } from './steps.js';

/**
 * Every step's result as a schema, held to its type in steps.ts. The store checks a result when a
 * worker records it and again when anyone reads it back: a result an older release wrote in another
 * shape is refused with its step and field named, instead of flowing on as `undefined`.
 */

/** A zod enum of every member of T: leaving one out is a type error. */
const every =
  <T extends string>() =>
  <const V extends readonly [T, ...T[]]>(values: V & ([T] extends [V[number]] ? unknown : never)) =>
    z.enum(values);

const text = z.object({ kk: z.string(), ru: z.string() });
const instant = z.string().min(1);
const documentType = z.enum(DOCUMENT_TYPES as [(typeof DOCUMENT_TYPES)[number], ...typeof DOCUMENT_TYPES]);
const documentCheck = z.object({
  complete: z.boolean(),
  missing: z.array(documentType),
  expired: z.array(documentType),
  unknown: z.array(z.string()),
});
const fileProblem = every<FileProblem>()(['file-missing', 'type-not-allowed', 'too-large', 'empty', 'unreadable']);
const edsProblem = every<EdsProblem>()([
  'signature-missing',
  'signature-malformed',
  'signer-certificate-missing',
  'signature-invalid',
  'signed-content-differs',
  'certificate-not-yet-valid',
  'certificate-expired',
  'certificate-untrusted',
  'issuer-certificate-not-valid',
  'not-a-signing-certificate',
  'certificate-without-iin',
  'certificate-revoked',
  'iin-mismatch',
]);
const district = z.enum(DISTRICT_IDS as [(typeof DISTRICT_IDS)[number], ...typeof DISTRICT_IDS]);
const stateSource = z.enum(STATE_SOURCE_IDS as [StateSource, ...StateSource[]]);
const person = z.custom<'applicant' | `member ${number}`>(
  (v) => typeof v === 'string' && /^(applicant|member \d+)$/.test(v),
  'a person: applicant or member N',
);
const household = z.object({
  tenure: every<Tenure>()(['owner', 'state-rent', 'akimat-private-rent']),
  areaM2: z.number(),
  onlyDwelling: z.boolean(),
  permanentlyRegistered: z.boolean(),
});
const scalar = z.union([z.string(), z.number(), z.boolean()]);
const difference = z.object({
  field: z.string(),
  source: stateSource,
  declared: scalar,
  verified: scalar,
  personal: z.boolean().optional(),
});
const calculation = z.object({
  normAreaM2: z.number(),
  areaFactor: z.number(),
  meteredCounted: z.number().optional(),
  countedCosts: z.number(),
  monthlyIncome: z.number(),
  allowableShare: z.number(),
  maxIncomeShare: z.number(),
});
const decision = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('assigned'), amount: z.number(), calculation: calculation.optional() }),
  z.object({ outcome: z.literal('refused'), ground: z.string(), calculation: calculation.optional() }),
]);
const housingCosts = z.object({
  maintenance: z.number(),
  utilities: z.number(),
  communication: z.number(),
  capitalRepair: z.number(),
  rent: z.number(),
  metered: z
    .array(
      z.object({
        service: every<MeteredService>()(['water', 'electricity', 'gas']),
        amount: z.number(),
        consumed: z.number(),
      }),
    )
    .optional(),
});
const answer = z.union(
  STATE_SOURCE_IDS.map((source) =>
    z.object({
      person,
      source: z.literal(source),
      answer: z.union([
        z.object({ found: z.literal(true), record: RECORD_SCHEMAS[source] }),
        z.object({ found: z.literal(false) }),
      ]),
    }),
  ),
);

export const STEP_RESULT_SCHEMAS: { [S in StepName]: z.ZodType<StepResults[S]> } = {
  intake: documentCheck.extend({ checkedAt: instant }),
  receipt: z.object({
    number: z.string(),
    issuedAt: instant,
    serviceCentre: z.string(),
    operator: z.string().nullable(),
    missing: z.array(documentType),
    expired: z.array(documentType),
    text,
  }),
  authorization: z.object({ authorized: z.boolean(), reason: text.optional() }),
  eds: z.object({ edsValid: z.boolean(), problems: z.array(edsProblem), reason: text.optional() }),
  documents: documentCheck.extend({
    files: z.array(z.object({ type: z.string(), problem: fileProblem })),
    documentsConform: z.boolean(),
    reason: text.optional(),
  }),
  acceptance: z.object({ readyBy: z.string().optional(), text }),
  registration: z.object({ number: z.string(), sequence: z.number().int(), registeredAt: instant }),
  resolution: z.object({ specialist: z.string(), resolvedAt: instant }),
  stateData: z.object({
    askedAt: instant,
    period: z.object({ from: z.string(), to: z.string() }),
    answers: z.array(answer),
    verification: z.object({
      household,
      ownedDwellings: z.number(),
      incomes: z.array(
        z.object({ source: z.enum(['social-payments', 'business-income', 'alimony']), amount: z.number() }),
      ),
      periodIncome: z.number(),
      differences: z.array(difference),
      findings: z.array(z.string()),
      family: z.object({ counted: z.number().int().min(1), unconfirmed: z.array(z.number().int()) }).optional(),
    }),
  }),
  transfer: z.object({ caseNumber: z.string(), by: z.string(), transferredAt: instant }),
  caseSheet: z.object({
    registrationNumber: z.string(),
    district,
    household: household.extend({ members: z.number().int() }),
    incomes: z.array(z.object({ source: z.string(), amount: z.number() })),
    periodIncome: z.number(),
    incomePeriodMonths: z.number(),
    housingCosts,
    documents: z.array(z.string()),
    recommendation: decision,
    stateData: z.object({ differences: z.array(difference), findings: z.array(z.string()) }).optional(),
    preparedAt: instant,
  }),
  decision: z.intersection(
    decision,
    z.object({
      decidedAt: instant,
      by: z.enum(['commission', 'calculation']),
      minutes: z.object({ number: z.string(), date: z.string() }).optional(),
      decidedBy: z.string().nullable().optional(),
      amountReason: z.string().optional(),
    }),
  ),
  notification: z.object({
    outcome: z.enum(['assigned', 'refused']),
    text,
    preparedAt: instant,
  }),
  delivery: z.discriminatedUnion('to', [
    z.object({ to: z.literal('cabinet'), deliveredAt: instant }),
    z.object({ to: z.literal('state-corporation'), centre: z.string(), deliveredAt: instant }),
  ]),
};

/** A step result, written or read, that does not match its step's schema. */
export class StepResultError extends Error {
  constructor(
    readonly step: StepName,
    issues: readonly z.core.$ZodIssue[],
  ) {
    const where = issues.slice(0, 3).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    super(`the result of step '${step}' does not match its schema: ${where.join('; ')}`);
  }
}

/** A step's result checked against its schema (unknown fields dropped). */
export function checkStepResult<S extends StepName>(step: S, value: unknown): StepResults[S] {
  const parsed = STEP_RESULT_SCHEMAS[step].safeParse(value);
  if (!parsed.success) throw new StepResultError(step, parsed.error.issues);
  return parsed.data;
}

export const isStepName = (name: string): name is StepName => Object.hasOwn(STEP_RESULT_SCHEMAS, name);
