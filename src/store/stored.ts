import { z } from 'zod';
import { describeIssues } from '../domain/step-results.js';

/**
 * A record read back from Redis that is not JSON or not in the shape its schema says: written by an
 * older release, by hand, or damaged. Names the key (and field) and the first problems, never the
 * stored values, which may be personal data.
 */
export class UnreadableRecordError extends Error {
  constructor(
    readonly key: string,
    readonly field: string | undefined,
    readonly problem: string,
  ) {
    super(`the stored record ${key}${field ? ` (${field})` : ''} cannot be read: ${problem}`);
  }
}

/** A string field holding JSON, parsed and then checked by `schema`. */
export const jsonOf = <S extends z.ZodType>(schema: S) =>
  z
    .string()
    .transform((text, ctx): unknown => {
      try {
        return JSON.parse(text);
      } catch {
        // JSON.parse's message quotes the text, which may hold personal data.
        ctx.addIssue({ code: 'custom', message: 'not JSON' });
        return z.NEVER;
      }
    })
    .pipe(schema);

/** `value` as `schema` reads it; an UnreadableRecordError naming `key` (and `field`) when it does not. */
export function parseStored<S extends z.ZodType>(schema: S, value: unknown, key: string, field?: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new UnreadableRecordError(key, field, describeIssues(parsed.error.issues));
  return parsed.data;
}

/** A JSON string read back from Redis, parsed and checked by `schema`. */
export const parseStoredJson = <S extends z.ZodType>(schema: S, raw: string, key: string, field?: string) =>
  parseStored(jsonOf(schema), raw, key, field);
