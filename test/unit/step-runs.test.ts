import { expect, it } from '@jest/globals';
import { loadRegulation } from '../../src/config.js';
import { isTimedStep, stepsOf } from '../../src/domain/regulation.js';
import { overdueIfStartedBefore, stepRun, stepRuns, termRun, type HistoricRun } from '../../src/domain/step-runs.js';

const steps = new Map(
  stepsOf(loadRegulation())
    .filter(isTimedStep)
    .map((s) => [s.elementId, s]),
);

const run = (activityId: string, startTime: string, endTime: string | null, parent = 'pi-1'): HistoricRun => ({
  id: `${activityId}:1`,
  activityId,
  parentActivityInstanceId: parent,
  startTime,
  endTime,
});

const registration = run('Task_Registration', '2026-12-01T04:00:00.000Z', '2026-12-01T04:30:00.000Z');
const commission = run('SubProcess_CommissionDecision', '2026-12-02T09:05:00.000Z', null);
const decision = run('UserTask_CommissionDecision', '2026-12-02T09:05:00.000Z', null, commission.id);
const gateway = run('Gateway_Whatever', '2026-12-01T04:30:00.000Z', '2026-12-01T04:30:00.000Z');
const history = [decision, registration, gateway, commission];
const runs = new Map(history.map((r) => [r.id, r]));

it('a step finished past its limit is late, with the share of its limit it used (20 minutes for step 1, it took 30)', () => {
  expect(stepRun(registration, runs, steps, new Date('2026-12-09T00:00:00Z'))).toEqual({
    step: '1',
    citation: '§6 step 1 / §9 1) / §10 2)',
    elementId: 'Task_Registration',
    startedAt: registration.startTime,
    endedAt: registration.endTime,
    limit: 'PT20M',
    limitOf: '1',
    deadline: '2026-12-01T04:20:00.000Z',
    used: 1.5,
    late: true,
  });
});

it("an open step uses its limit until now; a part of step 4 shares step 4's 6 days and its share", () => {
  const now = new Date('2026-12-05T09:05:00.000Z'); // 3 of the 6 days
  const step4 = stepRun(commission, runs, steps, now)!;
  expect(step4).toMatchObject({
    step: '4',
    limit: 'P6D',
    deadline: '2026-12-08T09:05:00.000Z',
    used: 0.5,
    late: false,
  });
  expect(stepRun(decision, runs, steps, now)).toMatchObject({ step: '4 decision', limitOf: '4', used: 0.5 });
  expect(stepRun(commission, runs, steps, new Date('2026-12-08T09:05:00.001Z'))!.late).toBe(true);
});

it("only the regulation's steps, in the order they started, the step before its part when both start together", () => {
  const now = new Date('2026-12-03T00:00:00Z');
  expect(stepRuns(history, steps, now).map((r) => r.view.elementId)).toEqual([
    'Task_Registration',
    'SubProcess_CommissionDecision',
    'UserTask_CommissionDecision',
  ]);
  expect(stepRun(gateway, runs, steps, now)).toBeNull();
});

it('an open step is past its limit once it started more than the limit ago', () => {
  expect(overdueIfStartedBefore('P6D', new Date('2026-12-08T09:05:00.000Z')).toISOString()).toBe(
    '2026-12-02T09:05:00.000Z',
  );
});

it('§6: the term runs until the result reaches the out-tray or the cabinet, not until it is collected', () => {
  const term = loadRegulation().term;
  const start = '2026-12-01T04:00:00.000Z';
  const sent = run('Task_SendToStateCorporation', '2026-12-06T04:00:00.000Z', '2026-12-06T04:00:00.000Z');
  const later = new Date('2026-12-30T00:00:00Z');
  expect(termRun(term, start, [registration, sent], later)).toEqual({
    startedAt: start,
    metAt: '2026-12-06T04:00:00.000Z',
    limit: 'P10D',
    deadline: '2026-12-11T04:00:00.000Z',
    used: 0.5,
    late: false,
  });
  expect(termRun(term, start, [registration], later)).toMatchObject({ metAt: null, late: true });
});
