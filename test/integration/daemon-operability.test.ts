import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Intake } from '../../src/api/intake.js';
import { ROOT, waitFor } from '../../src/stack/stack.js';
import { DAEMON_NODE_FLAGS } from '../../src/runtime/daemon.js';
import { createLogger } from '../../src/platform/logger.js';
import { testApi } from '../support/api.js';
import { spawnDaemon, stopDaemon, type Daemon } from '../support/daemon.js';
import { dossier } from '../support/fixtures.js';
import { processEnded } from '../support/harness.js';

let api: ReturnType<typeof testApi>;
let daemon: Daemon;
beforeAll(async () => {
  api = testApi();
  // With the node flags it runs with in production (no JIT, no WebAssembly), through tsx's loader.
  daemon = await spawnDaemon({}, undefined, [...DAEMON_NODE_FLAGS, '--import', 'tsx']);
});
afterAll(async () => {
  await stopDaemon(daemon);
  await api.close();
});

/** The daemon started with `env` on top of the test's, to its exit (a bad start is quick). */
const startOnce = (env: Record<string, string>) =>
  spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src', 'cli', 'workers.ts')], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });

it('a bad setting stops the daemon at start with one line naming it, and no stack trace', () => {
  const run = startOnce({ WORKER_MAX_TASKS: 'many', CAMUNDA_URL: 'engine' });
  expect(run.status).toBe(2);
  expect(run.stderr).toContain('configuration error');
  expect(run.stderr).toContain('WORKER_MAX_TASKS');
  expect(run.stderr).toContain('CAMUNDA_URL');
  expect(run.stderr).not.toMatch(/\n\s+at /);
});

it("does not start without every district's signer (§14): no keys, or a district without its certificate", () => {
  const noKeys = startOnce({ PROVIDER_KEYS_DIR: '' });
  expect(noKeys.status).toBe(2);
  expect(noKeys.stderr).toContain('set PROVIDER_CERTS_DIR and PROVIDER_KEYS_DIR');
  const certs = mkdtempSync(join(tmpdir(), 'certs-'));
  cpSync(process.env.PROVIDER_CERTS_DIR!, certs, { recursive: true });
  rmSync(join(certs, 'nauryzbay.cert.pem'));
  const missing = startOnce({ PROVIDER_CERTS_DIR: certs });
  expect(missing.status).toBe(2);
  expect(missing.stderr).toContain('PROVIDER_CERTS_DIR: cannot read nauryzbay.cert.pem');
  expect(missing.stderr).not.toMatch(/\n\s+at /);
});

it('without an engine login, or with a refused one, it says so: exit 2 at start, or engine-login-refused and not ready', async () => {
  const anonymous = startOnce({ CAMUNDA_USER: '', CAMUNDA_PASSWORD: '' });
  expect(anonymous.status).toBe(2);
  expect(anonymous.stderr).toContain('set CAMUNDA_USER and CAMUNDA_PASSWORD');
  // A user the engine does not know: a refused login, without locking out a real one.
  const refused = await spawnDaemon({ CAMUNDA_USER: 'nobody', CAMUNDA_PASSWORD: 'wrong password' });
  try {
    await waitFor(
      'the refusal in the log',
      async () => refused.output().includes('"event":"engine-login-refused"'),
      20_000,
    );
    const ready = await fetch(`http://127.0.0.1:${refused.metricsPort}/readyz`);
    expect(ready.status).toBe(503);
  } finally {
    await stopDaemon(refused);
  }
});

it('answers /healthz and /readyz, counts its work in /metrics, and logs every task with its ids and no personal data', async () => {
  const base = `http://127.0.0.1:${daemon.metricsPort}`;
  expect((await fetch(`${base}/healthz`)).status).toBe(200);
  const ready = await (await fetch(`${base}/readyz`)).json();
  expect(ready).toEqual({ status: 'ready', checks: { engine: true, redis: true } });

  const application = dossier();
  const { id } = await new Intake(api.redis, api.apiEngine, createLogger('test', 'silent')).submit(application, {
    owner: 'centre:con-bostandyk',
  });
  await processEnded(api.camunda, (await api.applications.processInstanceId(id))!);

  const metrics = await (await fetch(`${base}/metrics`)).text();
  for (const topic of ['intake-check', 'registration', 'commission-decision', 'delivery']) {
    expect(metrics).toMatch(new RegExp(`ha_tasks_completed_total\\{topic="${topic}"\\} [1-9]`));
  }
  expect(metrics).toContain('ha_task_pickup_seconds_bucket');

  const lines = daemon
    .output()
    .split('\n')
    .filter((l) => l.includes(id))
    .map((l) => JSON.parse(l));
  const completed = lines.filter((l) => l.event === 'task-completed');
  expect(completed.length).toBeGreaterThanOrEqual(7);
  for (const line of completed) {
    expect(line).toMatchObject({
      applicationId: id,
      workerId: expect.any(String),
      taskId: expect.any(String),
      topic: expect.any(String),
    });
  }
  const everything = daemon.output();
  expect(everything).not.toContain('"level":"error"');
  expect(everything).not.toMatch(/^Warning/m);
  expect(everything).not.toContain(application.applicant.iin);
  expect(everything).not.toContain(application.applicant.fullName);
});
