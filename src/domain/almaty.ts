/** Almaty keeps UTC+5 all year (Kazakhstan's single time zone since 1 March 2024, no daylight saving). */
const OFFSET_MS = 5 * 3_600_000;

/** The calendar date in Almaty, YYYY-MM-DD, for dates people enter and read. */
export const almatyDate = (at: Date): string => new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 10);

/** The date and time in Almaty, "YYYY-MM-DD HH:mm", for what an applicant is told. */
export const almatyDateTime = (at: Date): string =>
  new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
