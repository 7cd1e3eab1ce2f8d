import { pino, type Logger } from 'pino';

export type { Logger };

/** Paths that may carry personal data; pino replaces them before a line is written. */
const PERSONAL = [
  'iin',
  '*.iin',
  'fullName',
  '*.fullName',
  'applicant',
  '*.applicant',
  'dossier',
  '*.dossier',
  'familyMembers',
  '*.familyMembers',
  'phone',
  '*.phone',
  'address',
  '*.address',
  'signature',
  '*.signature',
  'req.headers.authorization',
  'req.headers["x-api-key"]',
];

export function createLogger(service: string, level = 'info'): Logger {
  return pino({
    level,
    base: { service },
    redact: { paths: PERSONAL, censor: '[personal data]' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  });
}
