import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readModel } from '../../src/check/model-file.js';
import { isTimer } from '../../src/check/rule.js';
import { regulationVersion } from '../../src/check/rules/regulation-version.js';
import { loadRegulation } from '../../src/config.js';
import {
  correctedDueDate,
  deadlineChanges,
  elementMappingSchema,
  limitChanged,
  stepOfWait,
  timerLimits,
  topicsLeft,
  unmappedWaits,
  waitRows,
  withAttachedEvents,
} from '../../src/domain/amendment.js';
import { regulationSchema, type Regulation } from '../../src/domain/regulation.js';
import { BPMN_DIR } from '../../src/engine/deployment.js';

const regulation = loadRegulation(join(BPMN_DIR, 'regulation.yaml'));
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const start = Date.parse('2026-11-02T09:00:00Z');

describe('deadline timers across a migration', () => {
  it('a limit that did not change keeps its due date exactly, even a few milliseconds off the step start', () => {
    expect(correctedDueDate({ start, limit: 'P6D', due: start + 6 * DAY + 3 }, start + DAY)).toBeNull();
  });

  it("a timer the loaded engine created a few seconds after its step's start keeps its due date", () => {
    expect(correctedDueDate({ start, limit: 'P10D', due: start + 10 * DAY + 1_350 }, start + DAY)).toBeNull();
  });

  it('a timer re-created at the migration is set back to the limit counted from the step start', () => {
    const migratedAt = start + 2 * DAY;
    expect(correctedDueDate({ start, limit: 'P6D', due: migratedAt + 6 * DAY }, migratedAt)).toBe(start + 6 * DAY);
  });

  it('a shortened limit counts from the step start, not from the migration', () => {
    expect(correctedDueDate({ start, limit: 'P5D', due: start + 6 * DAY }, start + 2 * DAY)).toBe(start + 5 * DAY);
  });

  it('a shortened limit that has already passed is due now, so the breach is recorded at once', () => {
    const now = start + 5 * DAY + HOUR;
    expect(correctedDueDate({ start, limit: 'P5D', due: start + 6 * DAY }, now)).toBe(now);
  });

  it('a timer already due (about to fire) is left to fire', () => {
    const now = start + 5 * DAY + HOUR;
    expect(correctedDueDate({ start, limit: 'P5D', due: now - 1 }, now)).toBeNull();
  });

  it("each step's boundary timer gets the regulation's limit of the step it sits on, the term's timer the term", async () => {
    const model = await readModel(join(BPMN_DIR, 'housing-assistance.bpmn'));
    const limits = timerLimits(regulation, [...model.elements.values()].filter(isTimer));
    expect(limits.get('Timer_CommissionDecisionDeadline')).toEqual({
      timer: 'Timer_CommissionDecisionDeadline',
      from: 'SubProcess_CommissionDecision',
      limit: 'P6D',
      step: '4',
    });
    expect(limits.get('StartEvent_TotalTermExpired')).toMatchObject({ from: 'process', limit: 'P10D' });
    // Every limited step of the regulation has its timer among them.
    expect([...limits.values()].map((l) => l.limit).sort()).toEqual(
      [...regulation.steps.flatMap((s) => (s.limit ? [s.limit] : [])), regulation.term.limit].sort(),
    );
  });

  it('lists the deadlines an amendment changes, through a renamed timer too', () => {
    const amended = structuredClone(regulation);
    amended.steps.find((s) => s.step === '4')!.limit = 'P5D';
    const limits = timerLimits(amended, [
      { id: 'Timer_CommissionDecisionDeadline', attachedTo: 'SubProcess_CommissionDecision' },
      { id: 'Timer_RegistrationDeadline2', attachedTo: 'Task_Registration' },
    ]);
    const changes = deadlineChanges(
      [
        { id: 'Timer_CommissionDecisionDeadline', timerDuration: 'P6D' },
        { id: 'Timer_RegistrationDeadline', timerDuration: 'PT20M' },
        { id: 'StartEvent_TotalTermExpired', timerDuration: 'P10D' },
      ],
      limits,
      { Timer_RegistrationDeadline: 'Timer_RegistrationDeadline2' },
    );
    expect(changes.filter(limitChanged)).toEqual([
      { timer: 'Timer_CommissionDecisionDeadline', step: '4', before: 'P6D', after: 'P5D' },
    ]);
  });
});

describe('the migration plan', () => {
  const newElements = new Set(['Task_Registration', 'UserTask_Review']);

  it('an activity where applications wait moves by its id or by the mapping file, else it is reported with why', () => {
    const stuck = unmappedWaits(
      [
        { activityId: 'Task_Registration', instances: 2 },
        { activityId: 'UserTask_CommissionDecision', instances: 1 },
        { activityId: 'Task_Resolution', instances: 3 },
        { activityId: 'Task_Notification', instances: 0 },
      ],
      newElements,
      { UserTask_CommissionDecision: 'UserTask_Review', Task_Resolution: 'Task_Gone' },
      'a-to-b.yaml',
    );
    expect(stuck).toEqual([
      {
        activityId: 'Task_Resolution',
        instances: 3,
        why: 'a-to-b.yaml maps it to Task_Gone, which the new diagram does not have',
      },
    ]);
    expect(
      unmappedWaits([{ activityId: 'Task_Notification', instances: 1 }], newElements, {}, 'a-to-b.yaml')[0].why,
    ).toBe('the new diagram has no Task_Notification and a-to-b.yaml does not map it');
  });

  it('the mapping file names both versions and maps ids to ids', () => {
    expect(elementMappingSchema.safeParse({ from: 'a', to: 'b', elements: { X: 'Y' } }).success).toBe(true);
    expect(elementMappingSchema.safeParse({ from: 'a', to: 'b', elements: { X: 1 } }).success).toBe(false);
    expect(elementMappingSchema.safeParse({ from: 'a', elements: {} }).success).toBe(false);
  });
});

describe('the act', () => {
  const raw = (): Regulation => structuredClone(regulation);

  it('records its version, date, what it amends and what happens to running applications', () => {
    expect(regulation.act).toMatchObject({ version: 'akimat-2017-2-226', running: 'migrate' });
    const bad = raw() as unknown as { act: Record<string, unknown> };
    bad.act.running = 'sometimes';
    bad.act.effective = '5 July 2017';
    const issues = regulationSchema.safeParse(bad).error?.issues.map((i) => i.path.join('.'));
    expect(issues?.sort()).toEqual(['act.effective', 'act.running']);
  });

  it("the diagram's version tag must be the regulation's version", async () => {
    const model = await readModel(join(BPMN_DIR, 'housing-assistance.bpmn'));
    const context = { regulation, workerTopics: [] };
    expect(regulationVersion.check(model, context)).toEqual([]);
    const amended = raw();
    amended.act.version = 'akimat-2026-1-1';
    const [finding] = regulationVersion.check(model, { ...context, regulation: amended });
    expect(finding.message).toBe(
      "the diagram's version tag akimat-2017-2-226 differs from the regulation's version akimat-2026-1-1",
    );
    expect(readFileSync(join(BPMN_DIR, 'housing-assistance.bpmn'), 'utf8')).toContain(
      'camunda:versionTag="akimat-2017-2-226"',
    );
  });
});

describe('topics across an amendment', () => {
  const workers = new Set(['registration', 'resolution']);
  const newTopics: Record<string, string> = { Task_Registration: 'registration-2026', Task_Resolution: 'resolution' };
  const topicOf = (id: string) => newTopics[id];

  it('reports open tasks whose element gets another topic or none: they keep the old topic, which a worker must serve', () => {
    const left = topicsLeft(
      [
        { activityId: 'Task_Registration', topic: 'registration', tasks: 3 },
        { activityId: 'Task_Resolution', topic: 'resolution', tasks: 2 },
        { activityId: 'Task_Gone', topic: 'resolution', tasks: 1 },
      ],
      topicOf,
      {},
      workers,
    );
    expect(left).toEqual([
      { activityId: 'Task_Registration', topic: 'registration', tasks: 3, newTopic: 'registration-2026', served: true },
      { activityId: 'Task_Gone', topic: 'resolution', tasks: 1, newTopic: undefined, served: true },
    ]);
  });

  it('follows the mapping file to the renamed element, and flags a topic no worker serves even when unchanged', () => {
    const left = topicsLeft(
      [
        { activityId: 'Task_OldResolution', topic: 'resolution', tasks: 4 },
        { activityId: 'Task_Registration', topic: 'registration-2026', tasks: 1 },
      ],
      topicOf,
      { Task_OldResolution: 'Task_Resolution' },
      workers,
    );
    expect(left).toEqual([
      {
        activityId: 'Task_Registration',
        topic: 'registration-2026',
        tasks: 1,
        newTopic: 'registration-2026',
        served: false,
      },
    ]);
  });
});

describe("the dry run's table", () => {
  const limits = timerLimits(regulation, [
    { id: 'Timer_RegistrationDeadline', attachedTo: 'Task_Registration' },
    { id: 'Timer_CommissionDecisionDeadline', attachedTo: 'SubProcess_CommissionDecision' },
  ]);
  const parents: Record<string, string> = { UserTask_CommissionDecision: 'SubProcess_CommissionDecision' };
  const parentOf = (id: string) => parents[id];

  it("finds a waiting task's deadline on the step around it, through a renamed scope too", () => {
    expect(stepOfWait('UserTask_CommissionDecision', parentOf, limits, {})).toEqual({
      limit: expect.objectContaining({ timer: 'Timer_CommissionDecisionDeadline', step: '4' }),
      scope: 'SubProcess_CommissionDecision',
    });
    expect(stepOfWait('Task_OldRegistration', parentOf, limits, { Task_OldRegistration: 'Task_Registration' })).toEqual(
      {
        limit: expect.objectContaining({ timer: 'Timer_RegistrationDeadline' }),
        scope: 'Task_OldRegistration',
      },
    );
    expect(stepOfWait('Task_Desk', parentOf, limits, {})).toBeUndefined();
  });

  it('gives each waiting step its count, those that would not migrate and why, the deadline before → after and how many are past it', () => {
    const now = start + 5 * DAY + HOUR;
    const rows = waitRows(
      [
        { activityId: 'UserTask_CommissionDecision', instances: 2 },
        { activityId: 'Task_Registration', instances: 1 },
        { activityId: 'Task_Desk', instances: 3 },
        { activityId: 'Task_Empty', instances: 0 },
      ],
      [{ activityId: 'Task_Desk', instances: 3, why: 'no Task_Desk' }],
      [
        { timer: 'Timer_CommissionDecisionDeadline', step: '4', before: 'P6D', after: 'P5D' },
        { timer: 'Timer_RegistrationDeadline', step: '1', before: 'PT20M', after: 'PT20M' },
      ],
      (id) => stepOfWait(id, parentOf, limits, {}),
      new Map([
        // One started 5 days and an hour ago (past the new 5 days), one a day ago.
        ['SubProcess_CommissionDecision', [start, start + 4 * DAY]],
        ['Task_Registration', [now - 10 * 60_000]],
      ]),
      now,
    );
    expect(rows).toEqual([
      {
        activityId: 'UserTask_CommissionDecision',
        step: '4',
        waiting: 2,
        stuck: 0,
        why: '',
        before: 'P6D',
        after: 'P5D',
        past: 1,
      },
      {
        activityId: 'Task_Registration',
        step: '1',
        waiting: 1,
        stuck: 0,
        why: '',
        before: 'PT20M',
        after: 'PT20M',
        past: 0,
      },
      { activityId: 'Task_Desk', step: '', waiting: 3, stuck: 3, why: 'no Task_Desk', before: '', after: '', past: 0 },
    ]);
  });
});

describe('a renamed activity keeps its boundary events', () => {
  const oldElements = [
    { id: 'Task_Resolution' },
    { id: 'Timer_ResolutionDeadline', attachedTo: 'Task_Resolution' },
    { id: 'Timer_Other', attachedTo: 'Task_Registration' },
    { id: 'Timer_Moved', attachedTo: 'Task_Resolution' },
  ];
  const newElements = new Map<string, { attachedTo?: string }>([
    ['Task_HeadResolution', {}],
    ['Timer_ResolutionDeadline', { attachedTo: 'Task_HeadResolution' }],
    ['Timer_Other', { attachedTo: 'Task_Registration' }],
    ['Timer_Moved', { attachedTo: 'Task_Registration' }],
  ]);

  it('maps the boundary events still attached to the renamed activity, and only those', () => {
    expect(withAttachedEvents({ Task_Resolution: 'Task_HeadResolution' }, oldElements, newElements)).toEqual({
      Task_Resolution: 'Task_HeadResolution',
      Timer_ResolutionDeadline: 'Timer_ResolutionDeadline',
    });
  });

  it("the mapping file's own entry for a boundary event stands", () => {
    const renamed = { Task_Resolution: 'Task_HeadResolution', Timer_ResolutionDeadline: 'Timer_Renamed' };
    expect(withAttachedEvents(renamed, oldElements, newElements)).toEqual(renamed);
  });
});
