/**
 * Almaty's calendar: the one place that turns an instant into the date and time people in Almaty read.
 * The platform's time-zone data (not a fixed offset) knows that Almaty kept UTC+6 until Kazakhstan moved
 * to a single UTC+5 zone on 1 March 2024.
 */
export const ALMATY_TIME_ZONE = 'Asia/Almaty';

const format = new Intl.DateTimeFormat('en-CA', {
  timeZone: ALMATY_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** An instant: a Date, or an ISO 8601 date-time with its offset (the engine writes `+0000`). */
export type Instant = Date | string;

function instant(at: Instant): Date {
  const d = typeof at === 'string' ? new Date(at) : at;
  if (Number.isNaN(d.getTime())) throw new RangeError(`not an instant: ${String(at)}`);
  return d;
}

interface Parts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

function partsOf(at: Instant): Parts {
  const p = Object.fromEntries(
    format
      .formatToParts(instant(at))
      .filter((x) => x.type !== 'literal')
      .map((x) => [x.type, Number(x.value)]),
  );
  return { year: p.year, month: p.month, day: p.day, hour: p.hour, minute: p.minute };
}

/** Date.UTC without its reading of years 0–99 as 1900–1999. */
function utc(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month, day);
  d.setUTCHours(hour, minute, second, 0);
  return d.getTime();
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const ymd = (year: number, month: number, day: number) => `${pad(year, 4)}-${pad(month)}-${pad(day)}`;

/** The calendar date in Almaty, YYYY-MM-DD, for dates people enter and read. */
export function almatyDate(at: Instant): string {
  const p = partsOf(at);
  return ymd(p.year, p.month, p.day);
}

/** The date and time in Almaty, "YYYY-MM-DD HH:mm", for what an applicant is told. */
export function almatyDateTime(at: Instant): string {
  const p = partsOf(at);
  return `${ymd(p.year, p.month, p.day)} ${pad(p.hour)}:${pad(p.minute)}`;
}

/** Almaty's offset from UTC at an instant, in ms (+6 h before 1 March 2024, +5 h since). */
function offsetMs(at: number): number {
  const p = partsOf(new Date(at));
  return utc(p.year, p.month - 1, p.day, p.hour, p.minute) - Math.floor(at / 60_000) * 60_000;
}

const WALL_CLOCK = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?$/;

/** A date, or a date and time, without an offset, of a real day and time; else null. */
function wallClock(value: string) {
  const m = WALL_CLOCK.exec(value);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1).map((x) => (x === undefined ? 0 : Number(x)));
  if (!realDate(year, month, day) || hour > 23 || minute > 59 || second > 59) return null;
  return { year, month, day, hour, minute, second };
}

/** The instant Almaty's wall clock shows `wall` (YYYY-MM-DD: the day's start, or YYYY-MM-DDTHH:mm[:ss]); null if it is none. */
export function almatyInstant(wall: string): Date | null {
  const w = wallClock(wall);
  if (!w) return null;
  const asUtc = utc(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return new Date(asUtc - offsetMs(asUtc - offsetMs(asUtc)));
}

/** The calendar year in Almaty (a registration number's year). */
export const almatyYear = (at: Instant): number => partsOf(at).year;

/** Today's date in Almaty. */
export const almatyToday = (now: Date = new Date()): string => almatyDate(now);

/** The first day of the Almaty month of `at`, `shift` months later (earlier when negative), YYYY-MM-DD. */
export function almatyMonthStart(at: Instant, shift = 0): string {
  const p = partsOf(at);
  const first = new Date(utc(p.year, p.month - 1 + shift, 1));
  return ymd(first.getUTCFullYear(), first.getUTCMonth() + 1, 1);
}

/** The calendar day before a date (YYYY-MM-DD). */
export function dayBefore(date: string): string {
  const [year, month, day] = date.split('-').map(Number);
  const d = new Date(utc(year, month - 1, day - 1));
  return ymd(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

const WITH_OFFSET = /^(.+)(Z|[+-]\d{2}:?\d{2})$/;

/** YYYY-MM-DD of a real day (not 30 February), else null. */
function realDate(year: number, month: number, day: number): string | null {
  const d = new Date(utc(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day
    ? ymd(year, month, day)
    : null;
}

/**
 * The calendar date a person meant by a value they entered (a document's validity, the minutes' date):
 * a plain date as it is, a date-time without an offset as Almaty's wall clock, a date-time with an
 * offset (as the engine stores a Date variable) as the Almaty date of that instant; null if it is none.
 */
export function calendarDate(value: string): string | null {
  const local = wallClock(value);
  if (local) return ymd(local.year, local.month, local.day);
  const offset = WITH_OFFSET.exec(value);
  const at = offset && offset[1].includes('T') && wallClock(offset[1]) ? new Date(value) : null;
  return at && !Number.isNaN(at.getTime()) ? almatyDate(at) : null;
}
