import { describe, expect, it } from '@jest/globals';
import {
  almatyDate,
  almatyDateTime,
  almatyInstant,
  almatyMonthStart,
  almatyToday,
  almatyYear,
  calendarDate,
  dayBefore,
} from '../../src/domain/almaty.js';
import { incomePeriod } from '../../src/domain/state-data.js';
import { receiptPage } from '../../src/api/receipt.js';
import { withAlmaty } from '../../src/api/almaty-times.js';

const NEW_YEAR_EVE = '2026-12-31T23:30:00.000Z';

describe("Almaty's calendar", () => {
  it('23:30 UTC on 31 December is already 1 January of the next year in Almaty', () => {
    expect(almatyDate(NEW_YEAR_EVE)).toBe('2027-01-01');
    expect(almatyDateTime(new Date(NEW_YEAR_EVE))).toBe('2027-01-01 04:30');
    expect(almatyYear(NEW_YEAR_EVE)).toBe(2027);
    expect(almatyToday(new Date(NEW_YEAR_EVE))).toBe('2027-01-01');
    expect(almatyMonthStart(NEW_YEAR_EVE)).toBe('2027-01-01');
  });

  it('reads the engine’s timestamps (+0000)', () => {
    expect(almatyDateTime('2026-12-02T16:05:00.123+0000')).toBe('2026-12-02 21:05');
  });

  it('knows Almaty was UTC+6 until Kazakhstan moved to a single UTC+5 zone on 1 March 2024', () => {
    expect(almatyDateTime('2024-01-15T18:30:00Z')).toBe('2024-01-16 00:30');
    expect(almatyDate('2024-01-15T18:30:00Z')).toBe('2024-01-16');
    expect(almatyDateTime('2024-03-15T18:30:00Z')).toBe('2024-03-15 23:30');
    expect(almatyDate('2024-03-15T18:30:00Z')).toBe('2024-03-15');
  });

  it('counts months and days across the year', () => {
    expect(almatyMonthStart(NEW_YEAR_EVE, -3)).toBe('2026-10-01');
    expect(almatyMonthStart('2026-03-10T00:00:00Z', -13)).toBe('2025-02-01');
    expect(dayBefore('2027-01-01')).toBe('2026-12-31');
    expect(dayBefore('2024-03-01')).toBe('2024-02-29');
  });

  it("finds the instant of a day or a time on Almaty's clock, before and after 1 March 2024", () => {
    expect(almatyInstant('2027-01-01')?.toISOString()).toBe('2026-12-31T19:00:00.000Z');
    expect(almatyInstant('2026-12-31T23:30')?.toISOString()).toBe('2026-12-31T18:30:00.000Z');
    expect(almatyInstant('2024-01-16')?.toISOString()).toBe('2024-01-15T18:00:00.000Z');
    expect(almatyInstant('2024-03-15T12:00:30')?.toISOString()).toBe('2024-03-15T07:00:30.000Z');
    for (const bad of ['2026-02-30', '2026-12-31T24:00', '2026-12-31T10:00Z', 'tomorrow'])
      expect(almatyInstant(bad)).toBeNull();
  });

  it('refuses what is not an instant', () => {
    expect(() => almatyDate('soon')).toThrow(/not an instant/);
  });

  it.each([
    ['2026-12-31', '2026-12-31'],
    ['2026-12-31T23:30', '2026-12-31'],
    ['2026-12-31T23:30:00.000+0000', '2027-01-01'],
    ['2026-12-31T23:30:00Z', '2027-01-01'],
    ['2027-01-01T02:00:00+05:00', '2027-01-01'],
    ['0050-06-01', '0050-06-01'],
    ['2026-02-30', null],
    ['2026-13-01', null],
    ['31.12.2026', null],
    ['2026-12-31 10:00', null],
    ['2026-12-31T99:00', null],
    ['2026-02-30T10:00:00Z', null],
    ['2026-12-31T10:00+99:00', null],
    ['2026-12-31Z', null],
    ['', null],
  ])('the date a person meant by %j is %j', (value, date) => expect(calendarDate(value)).toBe(date));
});

describe('at 23:30 UTC on 31 December, dates are of the new year in Almaty', () => {
  it("the refusal receipt's page", () => {
    const page = receiptPage('app-1', 'Айгерим Сапарова', {
      number: 'R-BOS-2027-000001',
      issuedAt: NEW_YEAR_EVE,
      serviceCentre: 'ЦОН Бостандыкского района',
      operator: null,
      missing: ['family-income'],
      expired: [],
      text: { kk: '', ru: '' },
    });
    expect(page).toContain('№ R-BOS-2027-000001 · 2027-01-01 ·');
  });

  it('the income period: the quarter before Almaty’s January', () => {
    expect(incomePeriod(NEW_YEAR_EVE, 3)).toEqual({ from: '2026-10-01', to: '2026-12-31' });
  });
});

it("the API names each time in UTC and puts Almaty's beside it", () => {
  const shown = withAlmaty({ at: NEW_YEAR_EVE, endedAt: null, readyBy: undefined }, 'at', 'endedAt', 'readyBy');
  expect(shown).toEqual({ at: NEW_YEAR_EVE, atAlmaty: '2027-01-01 04:30', endedAt: null, endedAtAlmaty: null });
  expect('readyByAlmaty' in shown).toBe(false);
});
