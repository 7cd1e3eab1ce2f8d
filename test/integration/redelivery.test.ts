import { almatyYear } from '../../src/domain/almaty.js';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { WorkerDefinition } from '../../src/runtime/worker.js';
import { WORKERS } from '../../workers/all.js';
import { asOperator, testApi } from '../support/api.js';
import { dossier } from '../support/fixtures.js';
import {
  counterValue,
  registrations,
  engine,
  processEnded,
  startWorkers,
  until,
  type TestWorkers,
} from '../support/harness.js';

/**
 * At-least-once delivery: the production handler runs and does its side effect, then the task's lock
 * is taken away through the REST API before `complete` (as when a worker crashes or stalls past its
 * lock). The engine hands the task out again; the second run must not repeat the side effect.
 */
function losesLockAfterFirstRun(definition: WorkerDefinition) {
  const camunda = engine();
  const runs = new Map<string, string[]>();
  const wrapped: WorkerDefinition = {
    ...definition,
    async handle(ctx) {
      const tasks = await camunda.externalTasks({ topicName: definition.topic, locked: 'true' });
      const task = tasks.find((t) => t.businessKey === ctx.applicationId)!;
      const ofApplication = runs.get(ctx.applicationId) ?? [];
      runs.set(ctx.applicationId, [...ofApplication, task.id]);
      const result = await definition.handle(ctx);
      if (ofApplication.length === 0) {
        await camunda.unlockExternalTask(task.id);
        // The engine hands the task out again at once, to this same worker id: this run reports only
        // after the redelivered one has completed, so it is the run whose lock was lost.
        await until('the redelivered task to complete', async () =>
          (await camunda.externalTasks({ topicName: definition.topic })).every(
            (t) => t.businessKey !== ctx.applicationId,
          ),
        );
      }
      return result;
    },
  };
  return { wrapped, runsOf: (applicationId: string) => runs.get(applicationId) ?? [] };
}

const byTopic = (topic: string) => WORKERS.find((w) => w.topic === topic)!;
const registration = losesLockAfterFirstRun(byTopic('registration'));
const delivery = losesLockAfterFirstRun(byTopic('delivery'));
let api: ReturnType<typeof testApi>;
let workers: TestWorkers;

beforeAll(() => {
  api = testApi();
  workers = startWorkers(
    WORKERS.map((w) =>
      w.topic === 'registration' ? registration.wrapped : w.topic === 'delivery' ? delivery.wrapped : w,
    ),
  );
});

afterAll(async () => {
  await workers.stop();
  await api.close();
});

it('a task delivered again after its side effect gives no second registration number and no second notification', async () => {
  const year = almatyYear(new Date());
  const counter = registrations('medeu', year);
  const before = await counterValue(api.redis, counter);
  const trayBefore = (await api.trays.outTray('con-bostandyk')).length;

  const res = await api
    .http()
    .post('/applications')
    .set(asOperator())
    .send(dossier({ address: { district: 'medeu', line: 'ул. Достык, 5' } }));
  expect(res.status).toBe(202);
  const processInstanceId = await api.applications.processInstanceId(res.body.id);
  const ended = await processEnded(api.camunda, processInstanceId!);
  expect(ended.endEvents).toEqual(['EndEvent_AssistanceAssigned']);

  // Each handler ran twice for the same task, and the engine kept one activity instance of each.
  expect(registration.runsOf(res.body.id)).toHaveLength(2);
  expect(new Set(registration.runsOf(res.body.id)).size).toBe(1);
  expect(delivery.runsOf(res.body.id)).toHaveLength(2);
  const history = await api.camunda.activityHistory(processInstanceId!);
  expect(history.filter((a) => a.activityId === 'Task_Registration')).toHaveLength(1);

  // One number taken, one notification in the out-tray.
  expect(await counterValue(api.redis, counter)).toBe(before + 1);
  const status = (await api.http().get(`/applications/${res.body.id}`).set(asOperator())).body;
  expect(status.registrationNumber).toBe(`MED-${year}-${String(before + 1).padStart(6, '0')}`);
  const tray = (await api.trays.outTray('con-bostandyk')).slice(trayBefore);
  expect(tray.filter((t) => t.applicationId === res.body.id)).toHaveLength(1);

  const replayed = await workers.metrics.replayed.get();
  const replayedTopics = replayed.values
    .filter((v) => v.value > 0)
    .map((v) => v.labels.topic)
    .sort();
  expect(replayedTopics).toEqual(['delivery', 'registration']);
});
