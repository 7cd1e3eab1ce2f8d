import { z } from 'zod';
import { caseSheetSchema } from './commission.js';
import { documentCheckSchema, type FileProblem } from './documents.js';
import type { EdsProblem } from './eds.js';
import { decisionSchema } from './eligibility.js';
import { periodSchema, stateAnswersSchema, verificationSchema } from './state-data.js';
import { textSchema as text } from './text.js';

/**
 * Every step's result as a schema, and its type derived from it. The store checks a result
 * when a worker records it and again when anyone reads it back: a result an older release wrote in
 * another shape is refused with its step and field named, instead of flowing on as `undefined`.
 */

/** A zod enum of every member of T: leaving one out is a type error. */
const every =
  <T extends string>() =>
  <const V extends readonly [T, ...T[]]>(values: V & ([T] extends [V[number]] ? unknown : never)) =>
    z.enum(values);

const instant = z.string().min(1);
const documentType = documentCheckSchema.shape.missing.element;
const fileProblem = every<FileProblem>()(['file-missing', 'type-not-allowed', 'too-large', 'empty', 'unreadable']);
/** Why an EDS signature is not confirmed (condition 2, §12 process 4). */
export const edsProblemSchema = every<EdsProblem>()([
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

/** A time limit of the regulation that a timer found breached, as recorded on the application. */
export const recordedBreachSchema = z.object({ element: z.string(), limit: z.string(), recordedAt: z.string() });

/** Appendix 3: the receipt refusing the documents (A1', §11). */
export const receiptSchema = z.object({
  number: z.string(),
  issuedAt: instant,
  serviceCentre: z.string(),
  operator: z.string().nullable(),
  missing: z.array(documentType),
  expired: z.array(documentType),
  text,
});
/** Condition 3 (§12 process 3): an electronic copy refused, and why. */
export const fileCheckSchema = z.object({ type: z.string(), problem: fileProblem });

const SCHEMAS = {
  intake: documentCheckSchema.extend({ checkedAt: instant }),
  receipt: receiptSchema,
  authorization: z.object({ authorized: z.boolean(), reason: text.optional() }),
  eds: z.object({ edsValid: z.boolean(), problems: z.array(edsProblemSchema), reason: text.optional() }),
  documents: documentCheckSchema.extend({
    files: z.array(fileCheckSchema),
    documentsConform: z.boolean(),
    reason: text.optional(),
  }),
  acceptance: z.object({ readyBy: z.string().optional(), text }),
  registration: z.object({ number: z.string(), sequence: z.number().int(), registeredAt: instant }),
  resolution: z.object({ specialist: z.string(), resolvedAt: instant }),
  stateData: z.object({
    askedAt: instant,
    period: periodSchema,
    answers: stateAnswersSchema,
    verification: verificationSchema,
  }),
  transfer: z.object({ caseNumber: z.string(), by: z.string(), transferredAt: instant }),
  caseSheet: caseSheetSchema,
  decision: z.intersection(
    decisionSchema,
    z.object({
      decidedAt: instant,
      by: z.enum(['commission', 'calculation']),
      minutes: z.object({ number: z.string(), date: z.string() }).optional(),
      /** The member who entered it in Tasklist (staff see it, applicants never). */
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

/** What each step records on the application, by the step's name: written by its worker, read by later steps and the status. */
export type StepResults = { [S in keyof typeof SCHEMAS]: z.infer<(typeof SCHEMAS)[S]> };
export type StepName = keyof StepResults;
export const STEP_RESULT_SCHEMAS: { [S in StepName]: z.ZodType<StepResults[S]> } = SCHEMAS;

/** The first problems zod found, by path and message: never the values, which may be personal data. */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .slice(0, 3)
    .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
    .join('; ');
}

/** A step result, written or read, that does not match its step's schema. */
export class StepResultError extends Error {
  constructor(
    readonly step: StepName,
    issues: readonly z.core.$ZodIssue[],
  ) {
    super(`the result of step '${step}' does not match its schema: ${describeIssues(issues)}`);
  }
}

/** A step's result checked against its schema (unknown fields dropped). */
export function checkStepResult<S extends StepName>(step: S, value: unknown): StepResults[S] {
  const parsed = STEP_RESULT_SCHEMAS[step].safeParse(value);
  if (!parsed.success) throw new StepResultError(step, parsed.error.issues);
  return parsed.data;
}

export const isStepName = (name: string): name is StepName => Object.hasOwn(STEP_RESULT_SCHEMAS, name);
