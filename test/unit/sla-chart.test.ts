import { expect, it } from '@jest/globals';
import type { LateStep, SlaRow } from '../../src/domain/sla.js';
import { chartBars, percentOf } from '../../src/report/sla-chart.js';

const row = (over: Partial<SlaRow>): SlaRow => ({
  step: '4',
  clause: '§6 step 4',
  element: 'SubProcess_CommissionDecision',
  limit: 'P6D',
  count: 3,
  medianMs: 60_000,
  p95Ms: 120_000,
  maxMs: 120_000,
  late: 0,
  open: 0,
  ...over,
});

const breach = (element: string, recordedByEngine: boolean): LateStep => ({
  applicationId: 'app-1',
  processInstanceId: 'pi-1',
  step: '1',
  clause: '§6 step 1',
  element,
  limit: 'PT20M',
  startedAt: '2026-12-01T04:00:00.000Z',
  startedAtAlmaty: '2026-12-01 09:00',
  tookMs: null,
  lateByMs: null,
  open: false,
  recordedByEngine,
});

it('writes a share of a limit with two significant figures', () => {
  expect(percentOf(0.000231)).toBe('0.023%');
  expect(percentOf(0.0002)).toBe('0.02%');
  expect(percentOf(0.0456)).toBe('4.6%');
  expect(percentOf(1.254)).toBe('125%');
  expect(percentOf(0)).toBe('0%');
});

it('draws each measured step as its share of its own limit, with the figure in words', () => {
  const { bars } = chartBars({
    rows: [row({ p95Ms: 103_680, medianMs: 51_840 }), row({ step: 'A1', element: 'Task_IntakeCheck', limit: 'PT15M' })],
    breaches: [],
  });
  // 103.68 s of 6 days is 0.02 %; 120 s of 15 minutes is 13 %.
  expect(bars.map((b) => b.name)).toEqual(['4 SubProcess_CommissionDecision', 'A1 Task_IntakeCheck']);
  expect(bars[0].p95).toBeCloseTo(0.0002, 10);
  expect(bars[0].median).toBeCloseTo(0.0001, 10);
  expect(bars[1].p95).toBeCloseTo(120 / 900, 10);
  expect(bars[0].figure).toBe('p95 0.02% of 6 days (1 min; median 0.01%, 3 measured)');
  expect(bars.every((b) => !b.breached)).toBe(true);
});

it('puts the axis below the smallest share, so that no bar is 0 wide, and past a breach', () => {
  const { bars, floor, ceiling } = chartBars({
    rows: [
      row({ p95Ms: 2, medianMs: 0 }),
      row({ step: '1', element: 'Task_Registration', limit: 'PT20M', p95Ms: 30 * 60_000, late: 1 }),
    ],
    // One measured past the limit, one only recorded by the deadline timer: both are the step's breaches.
    breaches: [breach('Task_Registration', false), breach('Task_Registration', true)],
  });
  expect(floor).toBeLessThan(2 / 518_400_000);
  expect(floor).toBeGreaterThan(0);
  // A step measured at 0 ms is drawn at the floor, not at 0 (which a log axis cannot place).
  expect(bars[0].median).toBe(floor);
  expect(bars[0].p95).toBeGreaterThan(floor);
  expect(ceiling).toBeGreaterThanOrEqual(1.5 * 1.5);
  expect(bars[0]).toMatchObject({ breached: false, breaches: 0 });
  expect(bars[1]).toMatchObject({ breached: true, breaches: 2 });
  expect(bars[1].figure).toMatch(/^p95 150% of 20 minutes .* · 2 breach\(es\)$/);
});

it('leaves out the steps without a limit or without a measurement', () => {
  const { bars } = chartBars({
    rows: [row({ limit: null }), row({ count: 0, p95Ms: null, medianMs: null }), row({})],
    breaches: [],
  });
  expect(bars).toHaveLength(1);
});
