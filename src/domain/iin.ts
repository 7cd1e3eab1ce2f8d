import { createHash, createHmac } from 'node:crypto';
/**
 * Kazakhstan individual identification number (ЖСН / ИИН): 12 digits, YYMMDD + century/sex digit +
 * 4 serial digits + a check digit computed with two weight rows (the second used when the first
 * gives 10; a second 10 makes the number invalid).
 */
const FIRST_WEIGHTS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
const SECOND_WEIGHTS = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2];

export type IinProblem = 'format' | 'birth-date' | 'check-digit';

function weightedRemainder(digits: number[], weights: number[]): number {
  return digits.reduce((sum, d, i) => sum + d * weights[i], 0) % 11;
}

export function iinCheckDigit(first11: string): number | null {
  const digits = [...first11].map(Number);
  const first = weightedRemainder(digits, FIRST_WEIGHTS);
  if (first !== 10) return first;
  const second = weightedRemainder(digits, SECOND_WEIGHTS);
  return second === 10 ? null : second;
}

export function iinProblem(iin: string): IinProblem | null {
  if (!/^\d{12}$/.test(iin)) return 'format';
  const month = Number(iin.slice(2, 4));
  const day = Number(iin.slice(4, 6));
  if (month < 1 || month > 12 || day < 1 || day > 31) return 'birth-date';
  const check = iinCheckDigit(iin.slice(0, 11));
  if (check === null || check !== Number(iin[11])) return 'check-digit';
  return null;
}

export function isValidIin(iin: string): boolean {
  return iinProblem(iin) === null;
}

/** For logs and receipts: the last four digits only. */
export function maskIin(iin: string): string {
  return iin.length <= 4 ? '****' : `${'*'.repeat(iin.length - 4)}${iin.slice(-4)}`;
}

/** Makes a valid IIN from 11 leading digits, or null when no check digit exists for them. */
export function withCheckDigit(first11: string): string | null {
  const check = iinCheckDigit(first11);
  return check === null ? null : `${first11}${check}`;
}

/**
 * The applicant's key in Redis, the process and logs: never the IIN itself. With APPLICANT_KEY_SECRET
 * it is an HMAC, which nobody without the secret can reverse; a plain hash of an IIN could be found by
 * trying the few billion possible IINs.
 */
export function applicantKey(iin: string, secret?: string): string {
  const mac = secret ? createHmac('sha256', secret) : createHash('sha256');
  return mac.update(`housing-assistance:${iin}`).digest('hex').slice(0, 32);
}
