import { describe, expect, it } from '@jest/globals';
import { addDuration, durationMs, durationWords } from '../../src/domain/duration.js';
import { readyBy, timerName } from '../../src/domain/regulation.js';

describe('ISO 8601 durations', () => {
  it.each([
    ['PT15M', 15 * 60_000],
    ['PT20M', 20 * 60_000],
    ['PT0.5S', 500],
    ['P1D', 86_400_000],
    ['P1DT12H', 36 * 3_600_000],
    ['P1W', 7 * 86_400_000],
  ])('%s', (iso, ms) => expect(durationMs(iso)).toBe(ms));

  it('rejects what is not a duration', () => {
    for (const bad of ['', 'P', 'PT', '15M', 'P1M', 'P1Y', 'PT-1M']) expect(() => durationMs(bad)).toThrow();
  });

  it('adds calendar time; the result is due 10 calendar days after receipt', () => {
    expect(addDuration('2026-12-28T10:00:00.000Z', 'P6D')).toBe('2027-01-03T10:00:00.000Z');
    expect(readyBy('2026-11-25T09:30:00.000Z', 'P10D').toISOString()).toBe('2026-12-05T09:30:00.000Z');
  });

  it.each([
    ['PT15M', '15 minutes'],
    ['P1D', '1 day'],
    ['P2D', '2 days'],
    ['PT1H30M', '1 hour 30 minutes'],
    ['P1W', '1 week'],
    ['PT72H', '72 hours'],
  ])('says %s as "%s"', (iso, words) => expect(durationWords(iso)).toBe(words));

  it("names a limit's timer from the limit alone, and refuses what is not a duration", () => {
    expect(timerName('PT20M')).toBe('20 minutes passed');
    expect(timerName('P6D')).toBe('6 days passed');
    expect(() => timerName('six days')).toThrow(/not an ISO 8601 duration/);
  });
});
