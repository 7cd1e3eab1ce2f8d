import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { API_USER } from '../../src/domain/roles.js';
import { freePort, ROOT, stopChild, waitFor } from '../../src/stack/stack.js';

/** The API as it runs (src/cli/api.ts): its public port and its operations port, and what it needs to start. */
let child: ChildProcess;
let apiPort: number;
let opsPort: number;
const apiEnv = (): NodeJS.ProcessEnv => ({
  ...process.env,
  CAMUNDA_USER: API_USER,
  CAMUNDA_PASSWORD: process.env.TEST_API_PASSWORD!,
  LOG_LEVEL: 'silent',
});

beforeAll(async () => {
  apiPort = await freePort();
  opsPort = await freePort();
  child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src', 'cli', 'api.ts')], {
    cwd: ROOT,
    env: { ...apiEnv(), API_PORT: String(apiPort), API_OPS_PORT: String(opsPort) },
    stdio: 'ignore',
  });
  await waitFor('the API', async () => (await fetch(`http://127.0.0.1:${opsPort}/readyz`)).ok, 60_000, child);
});
afterAll(async () => {
  await stopChild(child, 10_000);
});

it('serves /metrics and /readyz on the operations port only; the public port keeps /healthz for a load balancer', async () => {
  const pub = `http://127.0.0.1:${apiPort}`;
  const ops = `http://127.0.0.1:${opsPort}`;
  expect((await fetch(`${pub}/metrics`)).status).toBe(404);
  expect((await fetch(`${pub}/readyz`)).status).toBe(404);
  expect((await fetch(`${pub}/healthz`)).status).toBe(200);
  expect(await (await fetch(`${ops}/readyz`)).json()).toEqual({
    status: 'ready',
    checks: { engine: true, redis: true },
  });
  expect(await (await fetch(`${ops}/metrics`)).text()).toContain('process_cpu_user_seconds_total');
  expect((await fetch(`${ops}/healthz`)).status).toBe(200);
});

it('binds the operations port to loopback by default: another address of this machine does not reach it', async () => {
  const outside = Object.values(networkInterfaces())
    .flat()
    .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
  expect(outside).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
  await expect(fetch(`http://${outside}:${opsPort}/healthz`)).rejects.toThrow();
  // The public port listens on every address: the same machine address reaches it.
  expect((await fetch(`http://${outside}:${apiPort}/healthz`)).status).toBe(200);
});

it.each([
  ['the API', 'api.ts'],
  ['the worker daemon', 'workers.ts'],
])('%s refuses to start without APPLICANT_KEY_SECRET: exit 2, one line naming it', (_name, entry) => {
  const { APPLICANT_KEY_SECRET: _secret, ...env } = apiEnv();
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src', 'cli', entry)], {
    cwd: ROOT,
    env: { ...env, API_PORT: '0', API_OPS_PORT: '0', WORKER_METRICS_PORT: '0' },
    encoding: 'utf8',
    timeout: 30_000,
  });
  expect(run.status).toBe(2);
  expect(run.stderr).toContain('configuration error');
  expect(run.stderr).toContain('APPLICANT_KEY_SECRET');
  expect(run.stderr).not.toMatch(/\n\s+at /);
});
