import type { Response } from 'express';
import type { z } from 'zod';
import type { Logger } from '../platform/logger.js';
import type { UnreadableRecordError } from '../store/stored.js';
import type { Message } from '../domain/messages.js';
import { fieldErrors } from './schemas.js';

/**
 * Every error the API answers: a code, a sentence for people (`message` in English, `text` in Kazakh and
 * Russian, from src/domain/messages.ts), and details where they help.
 */
export function problem(
  res: Response,
  status: number,
  error: string,
  { en, kk, ru }: Message,
  extra: Record<string, unknown> = {},
) {
  res.status(status).json({ error, message: en, text: { kk, ru }, ...extra });
}

/** The body parsed by the route's schema, or null after answering 422 with each field and its reason. */
export function validate<T>(res: Response, schema: z.ZodType<T>, body: unknown, message: Message): T | null {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  problem(res, 422, 'validation-failed', message, { fields: fieldErrors(parsed.error) });
  return null;
}

/** The line an operator searches for (`event: unreadable-record`, the key) to repair a stored record. */
export function logUnreadable(log: Logger, error: UnreadableRecordError): void {
  log.error(
    { event: 'unreadable-record', key: error.key, field: error.field, problem: error.problem },
    'a stored record cannot be read',
  );
}
