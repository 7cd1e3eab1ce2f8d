import { expect, it } from '@jest/globals';
import { loadRegulation } from '../../src/config.js';
import { isTimedStep, stepsOf } from '../../src/domain/regulation.js';
import { stepLimit, type ActivityRun } from '../../src/domain/step-limits.js';

const steps = new Map(
  stepsOf(loadRegulation())
    .filter(isTimedStep)
    .map((s) => [s.elementId, s]),
);

const run = (activityId: string, startTime: string, parent: string | null = 'pi-1'): ActivityRun => ({
  id: `${activityId}:1`,
  activityId,
  parentActivityInstanceId: parent,
  startTime,
});

const commission = run('SubProcess_CommissionDecision', '2026-12-02T09:05:00.000Z');
const sheet = run('Task_CommissionDecision', '2026-12-02T09:05:00.100Z', commission.id);
const decision = run('UserTask_CommissionDecision', '2026-12-03T11:00:00.000Z', commission.id);
const transfer = run('SubProcess_CommissionTransfer', '2026-11-30T08:00:00.000Z');
const stateData = run('Task_StateData', '2026-11-30T08:00:01.000Z', transfer.id);
const notification = run('Task_Notification', '2026-12-04T10:00:00.000Z');
const outTray = run('Event_ApplicantAtDesk', '2026-12-04T10:00:05.000Z');
const runs = new Map([commission, sheet, decision, transfer, stateData, notification, outTray].map((r) => [r.id, r]));

it("a part of step 4 (the commission's task in Tasklist) has step 4's 6 days, counted from when step 4 started", () => {
  expect(stepLimit(decision, runs, steps)).toEqual({ of: '4', limit: 'P6D', deadline: '2026-12-08T09:05:00.000Z' });
  expect(stepLimit(sheet, runs, steps)).toEqual(stepLimit(commission, runs, steps));
});

it("a part of step 3 (the state data) has step 3's 2 days", () => {
  expect(stepLimit(stateData, runs, steps)).toEqual({ of: '3', limit: 'P2D', deadline: '2026-12-02T08:00:00.000Z' });
});

it('a step with its own limit keeps it; a wait the regulation gives no limit has none', () => {
  expect(stepLimit(notification, runs, steps)).toEqual({
    of: '5',
    limit: 'P1D',
    deadline: '2026-12-05T10:00:00.000Z',
  });
  expect(stepLimit(outTray, runs, steps)).toBeNull();
});
