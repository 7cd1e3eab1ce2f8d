import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, type Started } from '../../src/stack/stack.js';
import { startTestEngine } from '../support/engines.js';
import { toDate, typedAll } from '../../src/engine/camunda.js';
import { removeInstancesAfterFile } from '../support/cleanup.js';
import { engine, engineAs, until } from '../support/harness.js';

/**
 * engine/…/ProcessGauges.java and MetricsAccess.java against the run's real engine (its gauges refresh
 * every second, test/support/start-services.ts): /actuator/prometheus beside /engine-rest, each gauge
 * equal to what the engine's own REST API counts for the same label set, and nothing else of the
 * actuator open.
 */
removeInstancesAfterFile();

const base = () => process.env.CAMUNDA_URL!.replace(/\/engine-rest\/?$/, '');
const PROCESS = 'housing-assistance';

interface Sample {
  labels: Record<string, string>;
  value: number;
}

/** The samples of the Prometheus text format, by metric name. */
function parse(text: string): Map<string, Sample[]> {
  const metrics = new Map<string, Sample[]>();
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)/.exec(line);
    if (!match) continue;
    const labels = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    const samples = metrics.get(match[1]) ?? [];
    samples.push({ labels, value: Number(match[3]) });
    metrics.set(match[1], samples);
  }
  return metrics;
}

async function scrape(): Promise<{ text: string; metrics: Map<string, Sample[]> }> {
  const res = await fetch(`${base()}/actuator/prometheus`);
  expect(res.status).toBe(200);
  const text = await res.text();
  return { text, metrics: parse(text) };
}

/** The value of a gauge for exactly these labels; undefined when it has no such series. */
function value(metrics: Map<string, Sample[]>, name: string, labels: Record<string, string> = {}): number | undefined {
  const wanted = Object.entries(labels);
  return metrics
    .get(name)
    ?.find((s) => Object.keys(s.labels).length === wanted.length && wanted.every(([k, v]) => s.labels[k] === v))?.value;
}

/** Waits for a refresh after which every gauge equals what the engine's REST API counts now. */
async function gaugesMatch(expected: () => Promise<Array<[string, Record<string, string>, number]>>) {
  let last: unknown;
  try {
    return await until(
      'the gauges to match the engine',
      async () => {
        const want = await expected();
        const { metrics } = await scrape();
        const got = want.map(([name, labels]) => [name, labels, value(metrics, name, labels)]);
        last = { want, got };
        return JSON.stringify(got) === JSON.stringify(want) ? metrics : null;
      },
      20_000,
    );
  } catch (e) {
    throw new Error(`${(e as Error).message}: ${JSON.stringify(last)}`);
  }
}

const count = async (path: string, query: Record<string, string> = {}) =>
  (await engine().request<{ count: number }>('GET', `${path}/count?${new URLSearchParams(query).toString()}`)).count;

/** An instance started by the administrator right before one activity (as a migration or a test may). */
async function startAt(activityId: string, variables: Record<string, unknown> = {}): Promise<string> {
  const { id } = await engine().request<{ id: string }>('POST', `/process-definition/key/${PROCESS}/start`, {
    businessKey: `engine-metrics-${activityId}-${Date.now()}`,
    variables: typedAll(variables),
    startInstructions: [{ type: 'startBeforeActivity', activityId }],
  });
  return id;
}

const started: string[] = [];

describe('the engine exports Prometheus metrics at /actuator/prometheus', () => {
  it('serves Micrometer’s JVM and HTTP metrics and the refresh’s own timer, without a login, to this machine', async () => {
    await scrape();
    const { metrics } = await scrape();
    expect(metrics.get('jvm_memory_used_bytes')?.length).toBeGreaterThan(0);
    expect(metrics.get('process_cpu_usage')?.length).toBe(1);
    // The scrape before this one, with its outcome and the endpoint's path (not a request's own path).
    const scrapes = metrics
      .get('http_server_requests_seconds_count')
      ?.filter((s) => s.labels.uri === '/actuator/prometheus' && s.labels.status === '200');
    expect(scrapes?.[0]?.value).toBeGreaterThanOrEqual(1);
    // A refresh a second (start-services.ts): several have run since the engine started.
    expect(value(metrics, 'camunda_gauges_refresh_seconds_count')).toBeGreaterThanOrEqual(1);
    expect(value(metrics, 'camunda_jobs_failed')).toBe(await count('/job', { noRetriesLeft: 'true' }));
  });

  it('reports an open external task, its lock and its incident per topic and activity, as the engine counts them', async () => {
    const instance = await startAt('Task_Registration');
    started.push(instance);
    const topic = { topic: 'registration' };
    const external = (extra: Record<string, string> = {}) =>
      count('/external-task', { topicName: 'registration', ...extra });
    await gaugesMatch(async () => [
      ['camunda_external_tasks_open', topic, await external()],
      ['camunda_external_tasks_locked', topic, await external({ locked: 'true' })],
      [
        'camunda_process_instances_running',
        { process_key: PROCESS, version: await latestVersion(), activity_id: 'Task_Registration' },
        await count('/process-instance', { activityIdIn: 'Task_Registration', processDefinitionKey: PROCESS }),
      ],
    ]);
    expect(await external()).toBeGreaterThanOrEqual(1);

    // Waiting since it was created: the age grows with each refresh.
    const aged = await until('the oldest unlocked registration task to age', async () => {
      const age = value((await scrape()).metrics, 'camunda_external_tasks_oldest_unlocked_age_seconds', topic);
      return age !== undefined && age >= 1 ? age : null;
    });
    expect(aged).toBeLessThan(600);

    // The worker locks it: locked, and no longer waiting to be fetched.
    const locked = await engineAs('worker').request<Array<{ id: string }>>('POST', '/external-task/fetchAndLock', {
      workerId: 'engine-metrics-test',
      maxTasks: 1,
      topics: [{ topicName: 'registration', lockDuration: 600_000, processInstanceIdIn: [instance] }],
    });
    expect(locked).toHaveLength(1);
    await gaugesMatch(async () => [
      ['camunda_external_tasks_open', topic, await external()],
      ['camunda_external_tasks_locked', topic, await external({ locked: 'true' })],
    ]);

    // Its retries used up: an incident at the activity.
    await engineAs('worker').request('POST', `/external-task/${locked[0].id}/failure`, {
      workerId: 'engine-metrics-test',
      errorMessage: 'engine-metrics test',
      retries: 0,
      retryTimeout: 0,
    });
    const incident = { activity_id: 'Task_Registration', incident_type: 'failedExternalTask' };
    await gaugesMatch(async () => [
      [
        'camunda_incidents_open',
        incident,
        await count('/incident', { activityId: 'Task_Registration', incidentType: 'failedExternalTask' }),
      ],
      ['camunda_external_tasks_locked', topic, await external({ locked: 'true' })],
    ]);
    expect(await count('/incident', { processInstanceId: instance })).toBe(1);
  });

  it('reports the open, overdue and oldest user tasks of a district commission, and the tokens per activity', async () => {
    const group = { candidate_group: 'commission-bostandyk' };
    const yesterday = new Date(Date.now() - 86_400_000);
    const before = Date.now();
    started.push(await startAt('UserTask_CommissionDecision', { district: 'bostandyk', commissionDueDate: yesterday }));
    const tasks = (extra: Record<string, string> = {}) =>
      count('/task', { candidateGroup: 'commission-bostandyk', ...extra });
    const metrics = await gaugesMatch(async () => [
      ['camunda_user_tasks_open', group, await tasks()],
      ['camunda_user_tasks_overdue', group, await tasks({ dueBefore: toDate(new Date()) })],
      [
        'camunda_process_instances_running',
        { process_key: PROCESS, version: await latestVersion(), activity_id: 'UserTask_CommissionDecision' },
        await count('/process-instance', {
          activityIdIn: 'UserTask_CommissionDecision',
          processDefinitionKey: PROCESS,
        }),
      ],
    ]);
    expect(await tasks({ dueBefore: toDate(new Date()) })).toBeGreaterThanOrEqual(1);
    // At least as old as ours (the engine and this test share the machine's clock; a second's slack).
    const oldest = value(metrics, 'camunda_user_tasks_oldest_age_seconds', group)!;
    expect(oldest).toBeGreaterThanOrEqual((Date.now() - before) / 1000 - 2);
    const later = await until('the oldest task to age', async () => {
      const age = value((await scrape()).metrics, 'camunda_user_tasks_oldest_age_seconds', group);
      return age !== undefined && age > oldest ? age : null;
    });
    expect(later).toBeGreaterThan(oldest);
  });

  it('reports a failed job and its incident, and no job backlog that the engine does not have', async () => {
    // The 10-day term's timer of an instance (SubProcess_TotalTerm, §6), its retries set to 0 by an operator's tool.
    const instance = await startAt('Task_Registration');
    started.push(instance);
    const [timer] = await engine().jobs({ processInstanceId: instance });
    expect(timer).toBeDefined();
    await engine().request('PUT', `/job/${timer.id}/retries`, { retries: 0 });
    const metrics = await gaugesMatch(async () => [
      ['camunda_jobs_failed', {}, await count('/job', { noRetriesLeft: 'true' })],
    ]);
    expect(value(metrics, 'camunda_jobs_failed')).toBeGreaterThanOrEqual(1);
    // The instances' deadline timers are not due yet, and the failed one has no retries: no backlog.
    expect(await count('/job', { timers: 'true', active: 'true' })).toBeGreaterThanOrEqual(1);
    await until('the backlog to be what the engine can execute now', async () => {
      const due = ((await scrape()).metrics.get('camunda_jobs_due') ?? []).reduce((sum, s) => sum + s.value, 0);
      return due === (await count('/job', { executable: 'true', active: 'true' }));
    });
  });

  it('names no process instance, business key or person in any label', async () => {
    const { text } = await scrape();
    for (const id of started) expect(text).not.toContain(id);
    expect(text).not.toContain('engine-metrics-');
    expect(text).not.toMatch(/\b\d{12}\b/);
  });
});

describe('the actuator opens nothing else', () => {
  it('answers health and the scrape only; /engine-rest still needs a login', async () => {
    const status = async (path: string) => (await fetch(`${base()}${path}`)).status;
    expect({
      health: await status('/actuator/health'),
      index: await status('/actuator'),
      env: await status('/actuator/env'),
      beans: await status('/actuator/beans'),
      metrics: await status('/actuator/metrics'),
      heapdump: await status('/actuator/heapdump'),
      shutdown: (await fetch(`${base()}/actuator/shutdown`, { method: 'POST' })).status,
      rest: await status('/engine-rest/process-definition'),
    }).toEqual({
      health: 200,
      index: 404,
      env: 404,
      beans: 404,
      metrics: 404,
      heapdump: 404,
      shutdown: 404,
      rest: 401,
    });
  });
});

describe('from another machine, the scrape needs the bearer token of ENGINE_METRICS_TOKEN_FILE', () => {
  // A second engine of the same build, bound to every address, so that it can be reached other than by loopback.
  const token = randomBytes(24).toString('hex');
  const address = Object.values(networkInterfaces())
    .flat()
    .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;
  let other: Started;
  let port: number;
  beforeAll(async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'engine-metrics-')), 'token');
    writeFileSync(file, `${token}\n`, { mode: 0o600 });
    port = await freePort();
    other = await startTestEngine({ port, address: '0.0.0.0', metricsTokenFile: file }, { deploy: false });
  }, 300_000);
  afterAll(() => other?.stop());

  it('serves this machine without it, and another only with it; the REST API still needs its login', async () => {
    if (!address) throw new Error('this machine has no IPv4 address other than loopback to test from');
    const scrape = async (host: string, authorization?: string) =>
      (
        await fetch(`http://${host}:${port}/actuator/prometheus`, {
          headers: authorization ? { authorization } : {},
        })
      ).status;
    expect({
      loopback: await scrape('127.0.0.1'),
      elsewhereWithout: await scrape(address),
      elsewhereWrong: await scrape(address, `Bearer ${token.slice(1)}x`),
      elsewhereBasic: await scrape(address, `Basic ${Buffer.from(`admin:${token}`).toString('base64')}`),
      elsewhereWithToken: await scrape(address, `Bearer ${token}`),
      restWithToken: (
        await fetch(`http://${address}:${port}/engine-rest/process-definition`, {
          headers: { authorization: `Bearer ${token}` },
        })
      ).status,
    }).toEqual({
      loopback: 200,
      elsewhereWithout: 401,
      elsewhereWrong: 401,
      elsewhereBasic: 401,
      elsewhereWithToken: 200,
      restWithToken: 401,
    });
    const text = await (
      await fetch(`http://${address}:${port}/actuator/prometheus`, { headers: { authorization: `Bearer ${token}` } })
    ).text();
    expect(text).toMatch(/^camunda_jobs_failed 0(\.0)?$/m);
  });
});

async function latestVersion(): Promise<string> {
  const [definition] = await engine().request<Array<{ version: number }>>(
    'GET',
    `/process-definition?key=${PROCESS}&latestVersion=true`,
  );
  return String(definition.version);
}
