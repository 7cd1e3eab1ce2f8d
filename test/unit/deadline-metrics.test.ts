import { expect, it } from '@jest/globals';
import { loadRegulation } from '../../src/config.js';
import {
  deadlineSnapshot,
  TERM_STEP,
  UNKNOWN_DISTRICT,
  type DeadlineInput,
} from '../../src/domain/deadline-metrics.js';
import { DISTRICT_IDS } from '../../src/domain/districts.js';

const regulation = loadRegulation();
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const now = Date.parse('2026-12-03T12:00:00Z');
const empty: DeadlineInput = { open: [], running: [], breaches: [], districts: new Map(), now };
const row = <T extends { district: string }>(rows: T[], district: string, step?: string) =>
  rows.find((r) => r.district === district && (step === undefined || (r as { step?: string }).step === step));

it('gives every step with a limit and every district a row of zeros when nothing runs', () => {
  const snapshot = deadlineSnapshot(regulation, empty);
  const limited = regulation.steps.filter((s) => s.limit).map((s) => s.step);
  expect(limited).toEqual(expect.arrayContaining(['A1', '1', '2', '3', '4', '5', '6']));
  expect(snapshot.steps).toHaveLength(limited.length * DISTRICT_IDS.length);
  expect(snapshot.steps.every((r) => r.applications === 0 && r.overdue === 0)).toBe(true);
  expect(snapshot.term.map((t) => t.district).sort()).toEqual([...DISTRICT_IDS].sort());
  expect(new Set(snapshot.breaches.map((b) => b.step))).toEqual(new Set([...limited, TERM_STEP]));
});

it("counts an application in step 4 once (the subprocess and its parts), overdue only past step 4's 6 days", () => {
  const districts = new Map([
    ['pi-late', 'bostandyk'],
    ['pi-fresh', 'bostandyk'],
    ['pi-medeu', 'medeu'],
  ]);
  const snapshot = deadlineSnapshot(regulation, {
    ...empty,
    districts,
    open: [
      { processInstanceId: 'pi-late', activityId: 'SubProcess_CommissionDecision', startTime: now - 6 * DAY - HOUR },
      { processInstanceId: 'pi-late', activityId: 'UserTask_CommissionDecision', startTime: now - DAY },
      { processInstanceId: 'pi-fresh', activityId: 'SubProcess_CommissionDecision', startTime: now - 5 * DAY },
      { processInstanceId: 'pi-medeu', activityId: 'Task_Registration', startTime: now - 21 * 60_000 },
    ],
  });
  expect(row(snapshot.steps, 'bostandyk', '4')).toEqual({
    step: '4',
    district: 'bostandyk',
    applications: 2,
    overdue: 1,
  });
  expect(row(snapshot.steps, 'medeu', '1')).toEqual({ step: '1', district: 'medeu', applications: 1, overdue: 1 });
  expect(row(snapshot.steps, 'medeu', '4')).toMatchObject({ applications: 0, overdue: 0 });
});

it('an open step exactly at its limit is not yet overdue (the limit itself is allowed)', () => {
  const snapshot = deadlineSnapshot(regulation, {
    ...empty,
    districts: new Map([['pi', 'almaly']]),
    open: [{ processInstanceId: 'pi', activityId: 'Task_IntakeCheck', startTime: now - 15 * 60_000 }],
  });
  expect(row(snapshot.steps, 'almaly', 'A1')).toMatchObject({ applications: 1, overdue: 0 });
});

it('counts the 10-day term until the result reached the applicant side, past 10 days as overdue', () => {
  const snapshot = deadlineSnapshot(regulation, {
    ...empty,
    districts: new Map([
      ['old', 'turksib'],
      ['new', 'turksib'],
      ['delivered', 'turksib'],
    ]),
    running: [
      { processInstanceId: 'old', startTime: now - 11 * DAY, resultReached: false },
      { processInstanceId: 'new', startTime: now - DAY, resultReached: false },
      // In the out-tray for weeks: the provider's term was met when the result arrived there.
      { processInstanceId: 'delivered', startTime: now - 30 * DAY, resultReached: true },
    ],
  });
  expect(row(snapshot.term, 'turksib')).toEqual({ district: 'turksib', applications: 2, overdue: 1 });
});

it('counts breaches per step and district, once per application and step; the process element is the term', () => {
  const snapshot = deadlineSnapshot(regulation, {
    ...empty,
    districts: new Map([
      ['a', 'auezov'],
      ['b', 'auezov'],
    ]),
    breaches: [
      { processInstanceId: 'a', element: 'SubProcess_CommissionTransfer' },
      { processInstanceId: 'a', element: 'SubProcess_CommissionTransfer' },
      { processInstanceId: 'b', element: 'SubProcess_CommissionTransfer' },
      { processInstanceId: 'b', element: regulation.process },
      { processInstanceId: 'b', element: 'Task_NotARegulationStep' },
    ],
  });
  expect(row(snapshot.breaches, 'auezov', '3')).toEqual({ step: '3', district: 'auezov', count: 2 });
  expect(row(snapshot.breaches, 'auezov', TERM_STEP)).toEqual({ step: TERM_STEP, district: 'auezov', count: 1 });
  expect(snapshot.breaches.reduce((n, b) => n + b.count, 0)).toBe(3);
});

it('labels an application without a known district "unknown", never with what the variable held', () => {
  const snapshot = deadlineSnapshot(regulation, {
    ...empty,
    districts: new Map([['x', '870412300123']]),
    open: [{ processInstanceId: 'x', activityId: 'Task_Notification', startTime: now }],
    running: [{ processInstanceId: 'y', startTime: now, resultReached: false }],
  });
  expect(row(snapshot.steps, UNKNOWN_DISTRICT, '5')).toMatchObject({ applications: 1 });
  expect(row(snapshot.term, UNKNOWN_DISTRICT)).toMatchObject({ applications: 1 });
  expect(JSON.stringify(snapshot)).not.toContain('870412300123');
});
