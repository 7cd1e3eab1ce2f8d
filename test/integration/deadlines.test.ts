import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { WORKERS } from '../../workers/all.js';
import { asOperator, testApi } from '../support/api.js';
import { dossier } from '../support/fixtures.js';
import { processEnded, startWorkers, until, type TestWorkers } from '../support/harness.js';

/**
 * The regulation's time limits on the real engine without waiting: the timer jobs are executed
 * through the REST API, as if their due dates had come.
 */
let api: ReturnType<typeof testApi>;
let early: TestWorkers;

beforeAll(() => {
  api = testApi();
  // Only intake and the breach recorder run, so the application waits at registration (step 1).
  early = startWorkers(WORKERS.filter((w) => w.topic === 'intake-check' || w.topic === 'deadline-breach'));
});

afterAll(async () => {
  await early.stop();
  await api.close();
});

it('a step past its limit and the 10-day term are recorded as breaches, shown in the status, and the process goes on', async () => {
  const res = await api
    .http()
    .post('/applications')
    .set(asOperator())
    .send(dossier({ address: { district: 'turksib', line: 'ул. Сейфуллина, 2' } }));
  const id = res.body.id as string;
  const processInstanceId = (await api.applications.processInstanceId(id))!;
  const waiting = await until('the application to wait at registration', async () => {
    const status = (await api.http().get(`/applications/${id}`).set(asOperator())).body;
    return status.currentStep?.elementId === 'Task_Registration' ? status : null;
  });
  expect(Date.parse(waiting.currentStep.deadline) - Date.parse(waiting.currentStep.startedAt)).toBe(20 * 60_000);

  const jobs = await api.camunda.jobs({ processInstanceId });
  const stepTimer = jobs.find(
    (j) => j.id && j.dueDate && Date.parse(j.dueDate) - Date.parse(waiting.currentStep.startedAt) < 21 * 60_000,
  )!;
  const termTimer = jobs.find(
    (j) => j.dueDate && Date.parse(j.dueDate) - Date.parse(waiting.receivedAt) > 9 * 86_400_000,
  )!;
  expect(stepTimer?.id).toEqual(expect.any(String));
  expect(termTimer?.id).toEqual(expect.any(String));
  expect(stepTimer.id).not.toBe(termTimer.id);
  await api.camunda.executeJob(stepTimer.id);
  await api.camunda.executeJob(termTimer.id);

  const breached = await until('both breaches to be recorded', async () => {
    const status = (await api.http().get(`/applications/${id}`).set(asOperator())).body;
    return status.breaches.length === 2 ? status : null;
  });
  expect(breached.breaches.map((b: { element: string; limit: string }) => [b.element, b.limit]).sort()).toEqual([
    ['Task_Registration', 'PT20M'],
    ['housing-assistance', 'P10D'],
  ]);
  const counted = await early.metrics.breaches.get();
  expect(counted.values.map((v) => [v.labels.element, v.value]).sort()).toEqual([
    ['Task_Registration', 1],
    ['housing-assistance', 1],
  ]);

  // Non-interrupting: the application is still at registration, and finishes once the rest work.
  expect(breached.currentStep.elementId).toBe('Task_Registration');
  const rest = startWorkers(WORKERS.filter((w) => w.topic !== 'intake-check' && w.topic !== 'deadline-breach'));
  try {
    const ended = await processEnded(api.camunda, processInstanceId);
    expect(ended.endEvents).toEqual(['EndEvent_AssistanceAssigned']);
  } finally {
    await rest.stop();
  }
});

it('step 6 and the 10-day term (§6): no clock runs while the result waits in the out-tray; the 15 minutes start at the desk; the term is met on arrival, not on collection', async () => {
  const rest = startWorkers(WORKERS.filter((w) => w.topic !== 'intake-check' && w.topic !== 'deadline-breach'));
  try {
    const operator = asOperator('con-turksib');
    const res = await api
      .http()
      .post('/applications')
      .set(operator)
      .send(dossier({ address: { district: 'turksib', line: 'ул. Райымбека, 9' } }));
    const id = res.body.id as string;
    const processInstanceId = (await api.applications.processInstanceId(id))!;
    await until(
      'the result to wait in the out-tray',
      async () =>
        (await api.camunda.executions({ activityId: 'Event_ApplicantAtDesk', processInstanceId })).length === 1,
    );

    // Waiting in the out-tray: the only clock is the 10-day term's.
    const received = (await api.http().get(`/applications/${id}`).set(operator)).body;
    const jobs = await api.camunda.jobs({ processInstanceId });
    expect(
      jobs.map((j) => Math.round((Date.parse(j.dueDate!) - Date.parse(received.receivedAt)) / 86_400_000)),
    ).toEqual([10]);

    // Day 10 comes while the applicant has not yet collected the result (it reached the out-tray in time): no breach.
    await api.camunda.executeJob(jobs[0].id);
    await until('the term to be found met', async () =>
      (await api.camunda.activityHistory(processInstanceId)).some((a) => a.activityId === 'EndEvent_TermMet'),
    );
    const afterTerm = (await api.http().get(`/applications/${id}`).set(operator)).body;
    expect(afterTerm.breaches).toEqual([]);
    expect(afterTerm.termMet).toBe(true);
    expect(afterTerm.currentStep).toMatchObject({ step: '6 waiting', limit: null });

    // The applicant comes to the desk: now the employee's 15 minutes run; 16 minutes later it is a breach of step 6.
    expect((await api.http().post(`/out-tray/${id}/at-desk`).set(operator)).status).toBe(201);
    const handOverTimer = await until(
      'the 15-minute timer',
      async () => (await api.camunda.jobs({ processInstanceId }))[0],
    );
    const atDesk = (await api.http().get(`/applications/${id}`).set(operator)).body.currentStep;
    expect(atDesk).toMatchObject({ step: '6', limit: 'PT15M' });
    // The timer is due 15 minutes after the desk (the engine stamps the step's start a millisecond apart).
    expect(Math.abs(Date.parse(handOverTimer.dueDate!) - Date.parse(atDesk.startedAt) - 15 * 60_000)).toBeLessThan(50);
    await api.camunda.executeJob(handOverTimer.id);
    const late = await until('the breach of step 6', async () => {
      const status = (await api.http().get(`/applications/${id}`).set(operator)).body;
      return status.breaches.length === 1 ? status : null;
    });
    expect(late.breaches.map((b: { element: string; limit: string }) => [b.element, b.limit])).toEqual([
      ['Task_HandOver', 'PT15M'],
    ]);

    expect((await api.http().post(`/out-tray/${id}/handed-over`).set(operator)).status).toBe(201);
    const ended = await processEnded(api.camunda, processInstanceId);
    expect(ended.endEvents).toEqual(['EndEvent_AssistanceAssigned']);
  } finally {
    await rest.stop();
  }
});
