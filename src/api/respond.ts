import type { Response } from 'express';
import { z } from 'zod';
import type { Logger } from '../platform/logger.js';
import type { UnreadableRecordError } from '../store/stored.js';
import type { Message } from '../domain/messages.js';
import { edsProblemSchema } from '../domain/step-results.js';
import { textSchema } from '../domain/text.js';
import { fieldErrorSchema, fieldErrors } from './schemas.js';

/**
 * Every problem the API answers, by its code: the stable name a client branches on (in `type` as
 * `urn:housing-assistance:problem:<code>`, a name, not a link) and its title, the same for every
 * occurrence (RFC 9457 §3.1.3); `detail` says what went wrong this time.
 */
export const PROBLEMS = {
  'bad-request': 'The request cannot be read',
  'malformed-json': 'The body is not valid JSON',
  'bad-idempotency-key': 'The Idempotency-Key header is malformed',
  'validation-failed': 'Some fields are invalid',
  'consent-missing': 'The applicant’s consent (§11) is not recorded',
  'challenge-invalid': 'The challenge is unknown, used or expired',
  'signature-refused': 'The EDS signature is not confirmed',
  unauthorized: 'A credential is needed',
  'invalid-credentials': 'The IIN or the password is wrong',
  forbidden: 'This credential may not do this',
  'not-found': 'Not found',
  'too-large': 'The body is too large',
  'unsupported-media-type': 'The body is not JSON',
  'unsupported-encoding': 'The body’s encoding or charset is not supported',
  'too-many-requests': 'Too many attempts',
  'too-many-submissions': 'Too many applications',
  'slow-down': 'Too many failed sign-ins',
  'record-unreadable': 'A stored record cannot be read',
  unavailable: 'A service behind the API is unavailable',
} as const satisfies Record<string, string>;
export type ProblemCode = keyof typeof PROBLEMS;
const CODES = Object.keys(PROBLEMS) as [ProblemCode, ...ProblemCode[]];

export const PROBLEM_TYPE_PREFIX = 'urn:housing-assistance:problem:';
export const problemType = <C extends ProblemCode>(code: C) => `${PROBLEM_TYPE_PREFIX}${code}` as const;
type ProblemType = ReturnType<typeof problemType<ProblemCode>>;

/** RFC 9457 problem details (`application/problem+json`), with the members this API adds. */
export const problemSchema = z.object({
  type: z.enum(CODES.map(problemType) as [ProblemType, ...ProblemType[]]).meta({
    description: `What kind of problem: \`${PROBLEM_TYPE_PREFIX}<code>\`, stable for clients to branch on; a name (URN), not a link`,
    examples: [problemType('validation-failed')],
  }),
  title: z
    .string()
    .meta({ description: 'The same for every problem of this type', examples: [PROBLEMS['validation-failed']] }),
  status: z
    .int()
    .min(400)
    .max(599)
    .meta({ description: 'The HTTP status code', examples: [422] }),
  detail: z
    .string()
    .meta({ description: 'What went wrong this time, in English', examples: ['the application has invalid fields'] }),
  text: textSchema.meta({ description: 'The detail in Kazakh and Russian, for the applicant or the operator' }),
  errors: z.array(fieldErrorSchema).optional().meta({
    description: 'Each invalid field with its reason (validation-failed, consent-missing, challenge-invalid)',
  }),
  retryAfterSeconds: z
    .int()
    .positive()
    .optional()
    .meta({ description: 'With 429: when to try again, as in the Retry-After header' }),
  problems: z
    .array(edsProblemSchema)
    .optional()
    .meta({ description: 'With signature-refused: why the EDS signature is not confirmed' }),
});
export type Problem = z.infer<typeof problemSchema>;
export const PROBLEM_MEDIA_TYPE = 'application/problem+json';

/**
 * Every error the API answers, as RFC 9457 problem details: the code in `type`, a sentence for people
 * (`detail` in English, `text` in Kazakh and Russian, from src/domain/messages.ts), and details where
 * they help.
 */
export function problem(
  res: Response,
  status: number,
  code: ProblemCode,
  { en, kk, ru }: Message,
  extra: Pick<Problem, 'errors' | 'retryAfterSeconds' | 'problems'> = {},
) {
  const body: Problem = {
    type: problemType(code),
    title: PROBLEMS[code],
    status,
    detail: en,
    text: { kk, ru },
    ...extra,
  };
  res.status(status).type(PROBLEM_MEDIA_TYPE).json(body);
}

/** The body parsed by the route's schema, or null after answering 422 with each field and its reason. */
export function validate<T>(res: Response, schema: z.ZodType<T>, body: unknown, message: Message): T | null {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  problem(res, 422, 'validation-failed', message, { errors: fieldErrors(parsed.error) });
  return null;
}

/** The line an operator searches for (`event: unreadable-record`, the key) to repair a stored record. */
export function logUnreadable(log: Logger, error: UnreadableRecordError): void {
  log.error(
    { event: 'unreadable-record', key: error.key, field: error.field, problem: error.problem },
    'a stored record cannot be read',
  );
}
