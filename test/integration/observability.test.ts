import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { Registry } from 'prom-client';
import { loadRegulation } from '../../src/config.js';
import { deadlineSnapshot } from '../../src/domain/deadline-metrics.js';
import { WORKER_USER } from '../../src/domain/roles.js';
import { deadlineMetrics, readDeadlineInput } from '../../src/runtime/deadline-collector.js';
import { stopChild } from '../../src/stack/stack.js';
import { WORKERS } from '../../workers/all.js';
import { asOperator, testApi } from '../support/api.js';
import { spawnApi } from '../support/daemon.js';
import { dossier } from '../support/fixtures.js';
import { engineAs, startWorkers, until, type TestWorkers } from '../support/harness.js';

/** The deadline metrics read from the real engine as the daemon's user, and the API's request metrics as it runs. */
const regulation = loadRegulation();
let api: ReturnType<typeof testApi>;
let early: TestWorkers;
let apiProcess: ChildProcess;
let opsPort: number;
let apiPort: number;

beforeAll(async () => {
  api = testApi();
  // Only intake and the breach recorder run, so an application waits at registration (step 1).
  early = startWorkers(WORKERS.filter((w) => w.topic === 'intake-check' || w.topic === 'deadline-breach'));
  ({ child: apiProcess, apiPort, opsPort } = await spawnApi());
});
afterAll(async () => {
  await stopChild(apiProcess, 10_000);
  await early.stop();
  await api.close();
});

/** The value of one series in Prometheus's text format, 0 when absent. */
function valueOf(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

it('counts an application in step 1 of its district, overdue past 20 minutes, and its recorded breach, read from the engine as the worker user', async () => {
  const worker = engineAs(WORKER_USER);
  const before = deadlineSnapshot(regulation, await readDeadlineInput(worker, regulation, Date.now()));
  const inStep1 = (s: typeof before) => s.steps.find((r) => r.step === '1' && r.district === 'nauryzbay')!;
  const breaches1 = (s: typeof before) => s.breaches.find((r) => r.step === '1' && r.district === 'nauryzbay')!;
  const term = (s: typeof before) => s.term.find((r) => r.district === 'nauryzbay')!;

  const res = await api
    .http()
    .post('/applications')
    .set(asOperator())
    .send(dossier({ address: { district: 'nauryzbay', line: 'мкр. Шугыла, 5' } }));
  expect(res.status).toBe(202);
  const processInstanceId = (await api.applications.processInstanceId(res.body.id as string))!;
  await until('the application to wait at registration', async () => {
    const s = deadlineSnapshot(regulation, await readDeadlineInput(worker, regulation, Date.now()));
    return inStep1(s).applications === inStep1(before).applications + 1;
  });

  // 21 minutes later, by the clock the snapshot is given: past step 1's 20 minutes (§10 2)), not past the 10 days.
  const later = deadlineSnapshot(regulation, await readDeadlineInput(worker, regulation, Date.now() + 21 * 60_000));
  expect(inStep1(later).overdue).toBe(inStep1(before).overdue + 1);
  expect(term(later).applications).toBe(term(before).applications + 1);
  expect(term(later).overdue).toBe(term(before).overdue);

  // The engine's timer fires (run now, as if its due date had come): the breach is recorded and counted.
  const jobs = await api.camunda.jobs({ processInstanceId });
  const started = Date.parse(
    (await api.camunda.activityHistory(processInstanceId))
      .find((a) => a.activityId === 'Task_Registration')!
      .startTime.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'),
  );
  const stepTimer = jobs.find((j) => j.dueDate && Date.parse(j.dueDate) - started < 21 * 60_000)!;
  await api.camunda.executeJob(stepTimer.id);
  const registry = new Registry();
  deadlineMetrics(
    registry,
    async () => deadlineSnapshot(regulation, await readDeadlineInput(worker, regulation, Date.now())),
    (e) => {
      throw e;
    },
    0,
  );
  const series = 'housing_deadline_breaches_total{step="1",district="nauryzbay"}';
  await until('the breach to be counted', async () => {
    const text = await registry.metrics();
    return valueOf(text, series) === breaches1(before).count + 1;
  });
  const text = await registry.metrics();
  expect(valueOf(text, 'housing_step_applications{step="1",district="nauryzbay"}')).toBe(
    inStep1(before).applications + 1,
  );
  expect(text).toContain('housing_term_overdue{district="nauryzbay"}');
  expect(text).not.toContain(processInstanceId);
});

it('leaves the deadline metrics out, and says why, when the engine refuses the reading', async () => {
  const registry = new Registry();
  const errors: string[] = [];
  const stranger = engineAs(WORKER_USER, 'not the password');
  deadlineMetrics(
    registry,
    async () => deadlineSnapshot(regulation, await readDeadlineInput(stranger, regulation, Date.now())),
    (e) => errors.push(e.message),
    0,
  );
  const text = await registry.metrics();
  expect(text).not.toMatch(/^housing_step_applications\{/m);
  expect(errors.join('\n')).toContain('401');
});

it('the API counts requests and their latency per route template and status, never an id in a label', async () => {
  const id = randomUUID();
  const pub = `http://127.0.0.1:${apiPort}`;
  expect((await fetch(`${pub}/applications/${id}`)).status).toBe(401);
  expect((await fetch(`${pub}/applications/${id}`, { headers: asOperator() })).status).toBe(404);
  expect((await fetch(`${pub}/no/such/${id}`)).status).toBe(404);
  const text = await (await fetch(`http://127.0.0.1:${opsPort}/metrics`)).text();
  expect(valueOf(text, 'http_requests_total{method="GET",route="/applications/:id",status="401"}')).toBe(1);
  expect(valueOf(text, 'http_requests_total{method="GET",route="/applications/:id",status="404"}')).toBe(1);
  expect(valueOf(text, 'http_requests_total{method="GET",route="unmatched",status="404"}')).toBeGreaterThanOrEqual(1);
  expect(valueOf(text, 'http_request_duration_seconds_count{method="GET",route="/applications/:id"}')).toBe(2);
  expect(text).not.toContain(id);
});
