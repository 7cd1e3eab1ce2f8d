import { describe, expect, it } from '@jest/globals';
import { loadRegulation } from '../../src/config.js';
import { humanDuration, percentile, slaReport, termOf, type Instance, type Span } from '../../src/domain/sla.js';

const regulation = loadRegulation();
const MIN = 60_000;
const T0 = Date.parse('2026-11-02T09:00:00.000Z');
const span = (id: string, startMin: number, tookMin: number | null): Span => ({
  processInstanceId: id,
  startTime: T0 + startMin * MIN,
  endTime: tookMin === null ? null : T0 + (startMin + tookMin) * MIN,
});

describe('the SLA report', () => {
  it('takes nearest-rank percentiles', () => {
    const values = Array.from({ length: 20 }, (_, i) => i + 1);
    expect(percentile(values, 0.5)).toBe(10);
    expect(percentile(values, 0.95)).toBe(19);
    expect(percentile([7], 0.95)).toBe(7);
    expect(percentile([], 0.5)).toBeNull();
  });

  it('counts, takes the median and p95 of finished steps, and lists late and open-past-limit ones', () => {
    // Registration (step 1, 20 minutes): 5, 10, 15, 25 minutes finished; one open for 30 minutes; one open for 5.
    const registration = [
      span('a', 0, 5),
      span('b', 0, 10),
      span('c', 0, 15),
      span('d', 0, 25),
      span('e', 0, null),
      span('f', 25, null),
    ];
    const instances: Instance[] = ['a', 'b', 'c', 'd', 'e', 'f'].map((id) => ({
      ...span(id, 0, null),
      businessKey: `app-${id}`,
    }));
    instances[0] = { ...span('a', 0, 11 * 24 * 60), businessKey: 'app-a' }; // the whole service took 11 days
    const now = T0 + 30 * MIN;
    const report = slaReport(
      regulation,
      new Map([['Task_Registration', registration]]),
      instances,
      [{ processInstanceId: 'b', element: 'Task_Registration' }],
      now,
    );

    const step1 = report.rows.find((r) => r.element === 'Task_Registration')!;
    expect(step1).toMatchObject({
      step: '1',
      clause: '§6 step 1 / §9 1) / §10 2)',
      limit: 'PT20M',
      count: 4,
      medianMs: 10 * MIN,
      p95Ms: 25 * MIN,
      maxMs: 25 * MIN,
      late: 2,
      open: 2,
    });
    const term = report.rows.find((r) => r.step === 'term')!;
    expect(term).toMatchObject({ element: 'housing-assistance', limit: 'P10D', count: 1, late: 1, open: 5 });
    const documents = report.rows.find((r) => r.element === 'Task_DocumentsCheck')!;
    expect(documents.step).toBe('process 5, condition 3');
    expect(documents.count).toBe(0);

    const breaches = report.breaches.map((b) => [
      b.applicationId,
      b.element,
      b.tookMs,
      b.lateByMs,
      b.open,
      b.recordedByEngine,
    ]);
    expect(breaches).toEqual(
      expect.arrayContaining([
        ['app-a', 'housing-assistance', 11 * 24 * 60 * MIN, 24 * 60 * MIN, false, false],
        ['app-d', 'Task_Registration', 25 * MIN, 5 * MIN, false, false],
        ['app-e', 'Task_Registration', 30 * MIN, 10 * MIN, true, false],
        // The timer fired (its due date moved) though the step took 10 minutes: the engine's record is kept.
        ['app-b', 'Task_Registration', 10 * MIN, null, false, true],
      ]),
    );
    expect(report.breaches).toHaveLength(4);
    expect(report.breaches.find((b) => b.applicationId === 'app-d')).toMatchObject({
      startedAt: '2026-11-02T09:00:00.000Z',
      startedAtAlmaty: '2026-11-02 14:00',
    });
  });

  it('writes durations for people', () => {
    expect([
      humanDuration(950),
      humanDuration(12_340),
      humanDuration(14 * MIN),
      humanDuration(125 * MIN),
      humanDuration(76 * 60 * MIN),
      humanDuration(null),
    ]).toEqual(['950 ms', '12.3 s', '14 min', '2 h 5 min', '3 d 4 h', '—']);
  });
});

describe('the 10-day term (§6)', () => {
  it('ends when the result reaches the out-tray or the cabinet, not when the applicant collects it', () => {
    const day = 86_400_000;
    const instances = [
      { processInstanceId: 'collected-late', businessKey: 'a', startTime: 0, endTime: 12 * day },
      { processInstanceId: 'arrived-late', businessKey: 'b', startTime: 0, endTime: 12 * day },
      { processInstanceId: 'refused-at-intake', businessKey: 'c', startTime: 0, endTime: 60_000 },
    ];
    const spans = new Map([
      [
        'Task_SendToStateCorporation',
        [{ processInstanceId: 'collected-late', startTime: 9 * day - 1000, endTime: 9 * day }],
      ],
      ['Task_CabinetDelivery', [{ processInstanceId: 'arrived-late', startTime: 11 * day - 1000, endTime: 11 * day }]],
    ]);
    expect(termOf(regulation, spans, instances).map((i) => i.endTime)).toEqual([9 * day, 11 * day, 60_000]);
    const report = slaReport(regulation, spans, instances, [], 13 * day);
    expect(report.breaches.filter((b) => b.step === 'term').map((b) => b.applicationId)).toEqual(['b']);
  });
});
