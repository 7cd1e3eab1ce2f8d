import { afterEach, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { Intake } from '../../src/api/intake.js';
import { freePort, redisAnswers, startEngine, stopChild, waitFor, type Started } from '../../src/stack/stack.js';
import { EngineAdmin } from '../support/engine-admin.js';
import { createLogger } from '../../src/platform/logger.js';
import { connectRedis } from '../../src/store/redis.js';
import { Applications } from '../../src/store/applications.js';
import { Trays } from '../../src/store/trays.js';
import { spawnDaemon, stopDaemon, type Daemon } from '../support/daemon.js';
import { dossier } from '../support/fixtures.js';
import { API_USER } from '../../src/domain/roles.js';
import { startTestEngine, testAdmin } from '../support/engines.js';
import { counterValue, registrations, engine as sharedEngine, engineAs, processEnded } from '../support/harness.js';
import { almatyYear } from '../../src/domain/almaty.js';

const log = createLogger('test', 'silent');
const year = almatyYear(new Date());
const cleanup: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step().catch(() => undefined);
});

async function submitMany(intake: Intake, redis: Redis, n: number) {
  const apps = [];
  for (let i = 0; i < n; i++) {
    const { id } = await intake.submit(dossier({ address: { district: 'auezov', line: 'мкр. 5, 10' } }), {
      owner: 'centre:con-auezov',
    });
    apps.push({ id, processInstanceId: (await new Applications(redis).processInstanceId(id))! });
  }
  return apps;
}

async function expectAllDoneOnce(
  camunda: EngineAdmin,
  redis: Redis,
  apps: Array<{ id: string; processInstanceId: string }>,
  counterBefore: number,
) {
  for (const app of apps) {
    const ended = await processEnded(camunda, app.processInstanceId, 120_000);
    expect(ended.endEvents).toEqual(['EndEvent_AssistanceAssigned']);
  }
  const tray = (await new Trays(redis).outTray('con-auezov')).map((t) => t.applicationId);
  for (const app of apps) expect(tray.filter((id) => id === app.id)).toHaveLength(1);
  expect(await counterValue(redis, registrations('auezov', year))).toBe(counterBefore + apps.length);
}

describe('the services the workers need go away and come back', () => {
  it('the engine stopped and restarted: workers wait, reconnect, and every application finishes', async () => {
    const port = await freePort();
    const dataDir = mkdtempSync(join(tmpdir(), 'engine-restart-'));
    let engine: Started = await startTestEngine({ port, dataDir });
    cleanup.push(() => engine.stop());
    const camunda = new EngineAdmin(engine.url, testAdmin());
    const asApi = engineAs(API_USER, process.env.TEST_API_PASSWORD, engine.url);
    const redis = connectRedis(process.env.REDIS_URL!, process.env.REDIS_PREFIX!);
    cleanup.push(() => redis.quit());
    const before = await counterValue(redis, registrations('auezov', year));
    const daemon: Daemon = await spawnDaemon({
      CAMUNDA_URL: engine.url,
      WORKER_LOCK_MS: '5000',
      WORKER_LONG_POLL_MS: '2000',
    });
    cleanup.push(() => stopDaemon(daemon));

    const apps = await submitMany(new Intake(redis, asApi, log), redis, 10);
    await engine.stop();
    await waitFor('the daemon to notice', async () => daemon.output().includes('"engine-unreachable"'), 30_000);
    engine = await startEngine({ port, dataDir, admin: testAdmin() });

    await expectAllDoneOnce(camunda, redis, apps, before);
    expect(daemon.output()).toContain('"engine-reachable"');
  });

  it('Redis (with AOF) killed and restarted: workers wait, reconnect, and every application finishes once', async () => {
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'redis-restart-'));
    const url = `redis://127.0.0.1:${port}`;
    const startRedis = async (): Promise<ChildProcess> => {
      const child = spawn(
        'redis-server',
        [
          '--port',
          String(port),
          '--bind',
          '127.0.0.1',
          '--save',
          '',
          '--appendonly',
          'yes',
          '--appendfsync',
          'always',
          '--dir',
          dir,
        ],
        { stdio: 'ignore' },
      );
      await waitFor('redis-server', () => redisAnswers(url), 15_000, child);
      return child;
    };
    let server = await startRedis();
    cleanup.push(() => stopChild(server, 2_000));
    const redis = connectRedis(url, process.env.REDIS_PREFIX!);
    redis.on('error', () => undefined);
    cleanup.push(() => redis.quit());
    const camunda = sharedEngine();
    const daemon = await spawnDaemon({ REDIS_URL: url, WORKER_LOCK_MS: '5000', WORKER_LONG_POLL_MS: '2000' });
    cleanup.push(() => stopDaemon(daemon));

    const apps = await submitMany(new Intake(redis, engineAs(API_USER, process.env.TEST_API_PASSWORD), log), redis, 10);
    server.kill('SIGKILL');
    await new Promise((r) => server.once('exit', r));
    await new Promise((r) => setTimeout(r, 2_000));
    server = await startRedis();

    await expectAllDoneOnce(camunda, redis, apps, 0);
    expect(daemon.output()).toContain('"redis-error"');
  });
});
