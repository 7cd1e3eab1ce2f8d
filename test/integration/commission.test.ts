import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { almatyDate, almatyDateTime } from '../../src/domain/almaty.js';
import { EngineError } from '../../src/engine/camunda.js';
import type { EngineAdmin } from '../support/engine-admin.js';
import { asOperator, testApi } from '../support/api.js';
import { dossier } from '../support/fixtures.js';
import { declaredRecords, enrol } from '../support/registries.js';
import { WORKERS } from '../../workers/all.js';
import { engine, engineAs, processEnded, startWorkers, until, type TestWorkers } from '../support/harness.js';
import { reroutedNote } from '../../src/domain/districts.js';

/**
 * Step 4 in Tasklist: the commission of the application's district decides in the engine's user task,
 * through the engine's own task API as that member, and the decision is checked before anyone is
 * notified. The calculation gives 17 500 tenge a month for the fixtures' family.
 */
let api: ReturnType<typeof testApi>;
let workers: TestWorkers;
const bostandyk = () => engineAs('BOS-C01');
const today = almatyDate(new Date());
const CALCULATED = 17_500;

beforeAll(() => {
  api = testApi();
  workers = startWorkers(undefined, {}, { commission: false });
});

afterAll(async () => {
  await workers.stop();
  await api.close();
});

async function submit(district = 'bostandyk', overrides = {}) {
  const res = await api
    .http()
    .post('/applications')
    .set(asOperator(`con-${district}`))
    .send(dossier({ address: { district: district as 'bostandyk', line: 'ул. Тимирязева, 10' }, ...overrides }));
  expect(res.status).toBe(202);
  const processInstanceId = await until('the process to start', () => api.applications.processInstanceId(res.body.id));
  return { id: res.body.id as string, processInstanceId };
}

interface Task {
  id: string;
  name: string;
  assignee: string | null;
  processInstanceId: string;
}

/** The commission's open task of an instance, as a member sees it in Tasklist (the engine's task API). */
function commissionTask(member: EngineAdmin, processInstanceId: string, other?: string): Promise<Task> {
  return until('the commission task', async () => {
    const tasks = await member.request<Task[]>('GET', `/task?processInstanceId=${processInstanceId}`);
    return tasks.find((t) => t.id !== other) ?? null;
  });
}

const typed = (values: Record<string, unknown>) =>
  Object.fromEntries(
    Object.entries(values).map(([k, v]) => [k, { value: v, type: typeof v === 'number' ? 'Double' : 'String' }]),
  );

/** Claims the task and submits the form's fields, as Tasklist does. */
async function decide(
  member: EngineAdmin,
  task: Task,
  values: Record<string, unknown>,
  userId = 'BOS-C01',
): Promise<void> {
  await member.request('POST', `/task/${task.id}/claim`, { userId });
  await member.request('POST', `/task/${task.id}/submit-form`, { variables: typed(values) });
}

const status = async (id: string) => (await api.http().get(`/applications/${id}`).set(asOperator())).body;

describe('the commission decides in Tasklist (step 4)', () => {
  it('waits for the district commission with the case sheet and its form, and assigns what the commission decided', async () => {
    const { id, processInstanceId } = await submit();
    const member = bostandyk();
    const task = await commissionTask(member, processInstanceId);
    expect(task.name).toBe('Decide: assign or refuse, with the minutes (step 4)');

    const waiting = await status(id);
    expect(waiting.status).toBe('in-progress');
    expect(waiting.currentStep.elementId).toBe('UserTask_CommissionDecision');
    expect(waiting.currentStep.waitingFor).toBe(
      `the commission of Бостандыкский район since ${almatyDateTime(waiting.currentStep.startedAt)} Almaty time`,
    );
    // The task has no limit of its own: it shows step 4's 6 days, counted from when step 4 started.
    const step4 = (await api.camunda.activityHistory(processInstanceId)).find(
      (a) => a.activityId === 'SubProcess_CommissionDecision',
    )!;
    expect(waiting.currentStep).toMatchObject({ limit: 'P6D', limitOf: '4', late: false });
    expect(Date.parse(waiting.currentStep.deadline)).toBe(Date.parse(step4.startTime) + 6 * 86_400_000);
    expect(waiting.currentStep.deadlineAlmaty).toBe(almatyDateTime(waiting.currentStep.deadline));
    expect(waiting.currentStep.startedAtAlmaty).toBe(almatyDateTime(waiting.currentStep.startedAt));
    const transferParts = waiting.steps.filter((s: { step: string }) => /^3 /.test(s.step));
    expect(transferParts.map((s: { limit: string; limitOf: string }) => [s.limit, s.limitOf])).toEqual([
      ['P2D', '3'],
      ['P2D', '3'],
    ]);
    expect(waiting.readyByAlmaty).toBe(almatyDateTime(waiting.readyBy));
    expect(waiting.outcome).toBeNull();

    // The form deployed with the diagram, prefilled with the calculation; no name or IIN in the engine.
    const form = await member.request<{ id: string; components: Array<{ key?: string }> }>(
      'GET',
      `/task/${task.id}/deployed-form`,
    );
    expect(form.id).toBe('commission-decision');
    expect(form.components.map((c) => c.key).filter(Boolean)).toEqual(
      expect.arrayContaining([
        'commissionOutcome',
        'commissionAmount',
        'commissionGround',
        'minutesNumber',
        'minutesDate',
      ]),
    );
    const variables = await member.request<Record<string, { value: unknown }>>(
      'GET',
      `/task/${task.id}/form-variables`,
    );
    expect(variables.commissionOutcome.value).toBe('assigned');
    expect(variables.commissionAmount.value).toBe(CALCULATED);
    expect(String(variables.caseSheetText.value)).toContain(waiting.registrationNumber);
    expect(JSON.stringify(variables)).not.toContain('Сапарова');

    await decide(member, task, {
      commissionOutcome: 'assigned',
      commissionAmount: 16_000,
      minutesNumber: '14/2026',
      minutesDate: today,
    });
    const ended = await processEnded(api.camunda, processInstanceId);
    expect(ended.endEvents).toEqual(['EndEvent_AssistanceAssigned']);
    const done = await status(id);
    expect(done.outcome).toMatchObject({
      decision: 'assigned',
      amount: 16_000,
      decidedBy: 'commission',
      minutes: { number: '14/2026', date: today },
      enteredBy: 'BOS-C01',
    });
    expect(done.outcome.notification.ru).toContain(`16000.00 тенге в месяц (протокол комиссии № 14/2026 от ${today})`);

    // Who did what stays in the engine's history for operators.
    const [historic] = await api.camunda.request<
      Array<{ assignee: string; endTime: string | null; taskDefinitionKey: string }>
    >('GET', `/history/task?processInstanceId=${processInstanceId}&taskDefinitionKey=UserTask_CommissionDecision`);
    expect(historic.assignee).toBe('BOS-C01');
    expect(historic.endTime).not.toBeNull();
  });

  it('sends an incomplete decision back with its reasons, and notifies nobody until a valid one is entered', async () => {
    const { id, processInstanceId } = await submit();
    const member = bostandyk();
    const first = await commissionTask(member, processInstanceId);
    // A refusal without a ground, and no minutes number.
    await decide(member, first, { commissionOutcome: 'refused', minutesNumber: '', minutesDate: today });
    const second = await commissionTask(member, processInstanceId, first.id);
    const problem = (await member.request<{ value: string }>('GET', `/task/${second.id}/variables/commissionProblem`))
      .value;
    expect(problem).toContain('основание отказа');
    expect(problem).toContain('номер протокола');
    const meanwhile = await status(id);
    expect(meanwhile.status).toBe('in-progress');
    expect(meanwhile.outcome).toBeNull();
    expect(meanwhile.currentStep.elementId).toBe('UserTask_CommissionDecision');

    // More than the calculated amount needs a written reason.
    await decide(member, second, {
      commissionOutcome: 'assigned',
      commissionAmount: CALCULATED + 5_000,
      commissionGround: '',
      amountReason: '',
      minutesNumber: '15/2026',
      minutesDate: today,
    });
    const third = await commissionTask(member, processInstanceId, second.id);
    expect(
      (await member.request<{ value: string }>('GET', `/task/${third.id}/variables/commissionProblem`)).value,
    ).toContain('обоснуйте письменно');

    await decide(member, third, {
      commissionOutcome: 'refused',
      commissionGround: 'false-information',
      minutesNumber: '15/2026',
      minutesDate: today,
    });
    const ended = await processEnded(api.camunda, processInstanceId);
    expect(ended.endEvents).toEqual(['EndEvent_AssistanceRefused']);
    const done = await status(id);
    expect(done.outcome).toMatchObject({
      decision: 'refused',
      ground: 'false-information',
      minutes: { number: '15/2026' },
    });
    expect(done.outcome.notification.ru).toContain('отказано (протокол комиссии № 15/2026');
    expect(done.outcome.notification.ru).toContain('заведомо недостоверные сведения');
    const checks = (await api.camunda.activityHistory(processInstanceId)).filter(
      (a) => a.activityId === 'Task_CommissionDecisionCheck',
    );
    expect(checks).toHaveLength(3);
  });

  it('accepts an amount above the calculated one with a written reason', async () => {
    const { id, processInstanceId } = await submit();
    const member = bostandyk();
    const task = await commissionTask(member, processInstanceId);
    await decide(member, task, {
      commissionOutcome: 'assigned',
      commissionAmount: 20_000,
      amountReason: 'a disabled family member: heating above the norm (minutes, item 3)',
      minutesNumber: '16/2026',
      minutesDate: today,
    });
    await processEnded(api.camunda, processInstanceId);
    expect((await status(id)).outcome).toMatchObject({ decision: 'assigned', amount: 20_000 });
  });

  it("a member of one district's commission neither sees nor decides another district's case", async () => {
    const { processInstanceId } = await submit('almaly');
    const almaly = await commissionTask(engineAs('ALM-C01'), processInstanceId);
    const member = bostandyk();
    expect(await member.request('GET', `/task?processInstanceId=${processInstanceId}`)).toEqual([]);
    const attempt = await member
      .request('POST', `/task/${almaly.id}/complete`, {
        variables: typed({ commissionOutcome: 'assigned', minutesNumber: '1', minutesDate: today }),
      })
      .catch((e: EngineError) => e);
    expect(attempt).toBeInstanceOf(EngineError);
    expect([403, 404]).toContain((attempt as EngineError).status);
    // The task is untouched: still open, for Almaly.
    expect(
      (await engineAs('ALM-C01').request<Task[]>('GET', `/task?processInstanceId=${processInstanceId}`)).map(
        (t) => t.id,
      ),
    ).toEqual([almaly.id]);
    await decide(
      engineAs('ALM-C01'),
      almaly,
      { commissionOutcome: 'assigned', commissionAmount: CALCULATED, minutesNumber: '3/2026', minutesDate: today },
      'ALM-C01',
    );
    expect((await processEnded(api.camunda, processInstanceId)).endEvents).toEqual(['EndEvent_AssistanceAssigned']);
  });

  it('§1: a case declared in Almaly whose applicant the address register has in Bostandyk goes to the Bostandyk commission and department', async () => {
    const line = 'ул. Тимирязева, 10';
    const family = dossier({ address: { district: 'almaly', line } });
    enrol({
      [family.applicant.iin]: {
        ...declaredRecords(family)[family.applicant.iin],
        address: { district: 'bostandyk', line, permanent: true },
      },
    });
    const operator = asOperator('con-almaly');
    const res = await api.http().post('/applications').set(operator).send(family);
    expect(res.status).toBe(202);
    const processInstanceId = await until('the process to start', () =>
      api.applications.processInstanceId(res.body.id),
    );
    const task = await commissionTask(bostandyk(), processInstanceId);
    const admin = engine();
    expect(
      (
        await admin.request<Task[]>(
          'GET',
          `/task?processInstanceId=${processInstanceId}&candidateGroup=commission-bostandyk`,
        )
      ).map((t) => t.id),
    ).toEqual([task.id]);
    expect(await engineAs('ALM-C01').request('GET', `/task?processInstanceId=${processInstanceId}`)).toEqual([]);
    expect(
      (await admin.request<{ value: string }>('GET', `/process-instance/${processInstanceId}/variables/district`))
        .value,
    ).toBe('bostandyk');

    const waiting = (await api.http().get(`/applications/${res.body.id}`).set(operator)).body;
    expect(waiting).toMatchObject({
      district: 'bostandyk',
      declaredDistrict: 'almaly',
      routing: reroutedNote('almaly', 'bostandyk'),
    });
    expect(waiting.currentStep.waitingFor).toMatch(/^the commission of Бостандыкский район since /);
    // Step 1's number was given in the declared district and keeps its code.
    expect(waiting.registrationNumber).toMatch(/^ALM-/);
    expect(waiting.stateData.differs).toContain('address.district');

    await decide(bostandyk(), task, {
      commissionOutcome: 'assigned',
      commissionAmount: CALCULATED,
      minutesNumber: '21/2026',
      minutesDate: today,
    });
    expect((await processEnded(api.camunda, processInstanceId)).endEvents).toEqual(['EndEvent_AssistanceAssigned']);
    const done = (await api.http().get(`/applications/${res.body.id}`).set(operator)).body;
    expect(done.outcome.enteredBy).toBe('BOS-C01');
    expect(done.outcome.notification.ru).toContain('Отдел занятости и социальных программ: Бостандыкский район');
  });

  it('the 6-day limit covers the whole of step 4: its timer fires while the commission has not decided, and the breach is recorded', async () => {
    const { id, processInstanceId } = await submit();
    const member = bostandyk();
    const task = await commissionTask(member, processInstanceId);
    const [timer] = await api.camunda.jobs({ processInstanceId, activityId: 'Timer_CommissionDecisionDeadline' });
    const sub = (await api.camunda.activityHistory(processInstanceId)).find(
      (a) => a.activityId === 'SubProcess_CommissionDecision',
    )!;
    expect(Math.abs(Date.parse(timer.dueDate!) - Date.parse(sub.startTime) - 6 * 86_400_000)).toBeLessThan(1_000);
    await api.camunda.executeJob(timer.id);
    const breached = await until('the breach', async () => {
      const s = await status(id);
      return s.breaches.length ? s : null;
    });
    expect(breached.breaches.map((b: { element: string; limit: string }) => [b.element, b.limit])).toEqual([
      ['SubProcess_CommissionDecision', 'P6D'],
    ]);
    // Non-interrupting: the commission's task is still there, and deciding it finishes the application.
    expect(breached.currentStep.elementId).toBe('UserTask_CommissionDecision');
    await decide(member, task, {
      commissionOutcome: 'assigned',
      commissionAmount: CALCULATED,
      minutesNumber: '17/2026',
      minutesDate: today,
    });
    expect((await processEnded(api.camunda, processInstanceId)).endEvents).toEqual(['EndEvent_AssistanceAssigned']);
  });

  it("takes the decision and who entered it from the engine's history of the task, not from instance variables", async () => {
    // Without the check's worker for a moment, so that variables change between the form and the check.
    await workers.stop();
    const partial = startWorkers(
      WORKERS.filter((w) => w.topic !== 'commission-decision-check'),
      {},
      { commission: false },
    );
    let processInstanceId: string;
    let id: string;
    try {
      ({ id, processInstanceId } = await submit());
      const member = bostandyk();
      const task = await commissionTask(member, processInstanceId);
      await decide(member, task, {
        commissionOutcome: 'assigned',
        commissionAmount: 16_500,
        minutesNumber: '18/2026',
        minutesDate: today,
      });
      // The administrator may write instance variables: what a forged decision would look like.
      for (const [name, value] of Object.entries({
        commissionOutcome: 'refused',
        commissionGround: 'false-information',
      }))
        await api.camunda.request('PUT', `/process-instance/${processInstanceId}/variables/${name}`, {
          value,
          type: 'String',
        });
    } finally {
      await partial.stop();
      workers = startWorkers(undefined, {}, { commission: false });
    }
    expect((await processEnded(api.camunda, processInstanceId)).endEvents).toEqual(['EndEvent_AssistanceAssigned']);
    expect((await status(id)).outcome).toMatchObject({ decision: 'assigned', amount: 16_500, enteredBy: 'BOS-C01' });
  });

  it('sends back a decision completed by someone who is not a member of the district commission', async () => {
    const { id, processInstanceId } = await submit();
    const first = await commissionTask(bostandyk(), processInstanceId);
    // The administrator can complete any task; the decision is still not theirs to take (§8).
    await api.camunda.request('POST', `/task/${first.id}/submit-form`, {
      variables: typed({
        commissionOutcome: 'assigned',
        commissionAmount: CALCULATED,
        minutesNumber: '19/2026',
        minutesDate: today,
      }),
    });
    const member = bostandyk();
    const second = await commissionTask(member, processInstanceId, first.id);
    expect(
      (await member.request<{ value: string }>('GET', `/task/${second.id}/variables/commissionProblem`)).value,
    ).toMatch(/мүшесі емес адам енгізді.* \/ Решение внесено не членом комиссии района/);
    expect((await status(id)).outcome).toBeNull();
    await decide(member, second, {
      commissionOutcome: 'assigned',
      commissionAmount: CALCULATED,
      minutesNumber: '19/2026',
      minutesDate: today,
    });
    expect((await processEnded(api.camunda, processInstanceId)).endEvents).toEqual(['EndEvent_AssistanceAssigned']);
    expect((await status(id)).outcome).toMatchObject({ enteredBy: 'BOS-C01' });
  });
});
