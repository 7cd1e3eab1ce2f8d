import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { Intake } from '../../src/api/intake.js';
import { ROOT } from '../../src/stack/stack.js';
import type { District } from '../../src/domain/districts.js';
import { createLogger } from '../../src/platform/logger.js';
import { appKey } from '../../src/store/applications.js';
import { testApi } from '../support/api.js';
import { spawnDaemon, stopDaemon, type Daemon } from '../support/daemon.js';
import { dossier } from '../support/fixtures.js';
import { counterValue, registrations, processEnded, startWorkers, until } from '../support/harness.js';
import { almatyYear } from '../../src/domain/almaty.js';

let api: ReturnType<typeof testApi>;
let intake: Intake;
const daemons: Daemon[] = [];
const year = almatyYear(new Date());

beforeAll(() => {
  api = testApi();
  intake = new Intake(api.redis, api.apiEngine, createLogger('test', 'silent'));
});
afterEach(async () => {
  for (const d of daemons.splice(0)) await stopDaemon(d);
});
afterAll(() => api.close());

async function daemon(env: Record<string, string> = {}, stallTopic?: string): Promise<Daemon> {
  const entry = stallTopic ? join(ROOT, 'test', 'support', 'stalling-daemon.ts') : undefined;
  const d = await spawnDaemon(stallTopic ? { STALL_TOPIC: stallTopic, ...env } : env, entry);
  daemons.push(d);
  return d;
}

async function submit(district: District) {
  const { id } = await intake.submit(dossier({ address: { district, line: 'ул. Абая, 1' } }), {
    owner: `centre:con-${district}`,
  });
  return { id, processInstanceId: (await api.applications.processInstanceId(id))! };
}

async function notificationsFor(district: District, id: string): Promise<number> {
  return (await api.trays.outTray(`con-${district}`)).filter((t) => t.applicationId === id).length;
}

describe('worker faults', () => {
  it('a handler that always throws: retries count down with backoff, then an incident an operator can read; a retry after the fix finishes it', async () => {
    const { id, processInstanceId } = await submit('alatau');
    // The dossier lost from Redis (a restore that missed it): the store's own key, emptied by hand.
    const dossierJson = (await api.redis.hget(appKey(id), 'dossier'))!;
    await api.redis.hdel(appKey(id), 'dossier');

    const workers = startWorkers(undefined, { WORKER_RETRIES: 2, WORKER_RETRY_BASE_MS: 300 });
    try {
      const started = Date.now();
      const [incident] = await until('an incident', async () => {
        const found = await api.camunda.incidents({ processInstanceId });
        return found.length ? found : null;
      });
      const elapsed = Date.now() - started;
      expect(incident.activityId).toBe('Task_IntakeCheck');
      expect(incident.incidentType).toBe('failedExternalTask');
      expect(incident.incidentMessage).toBe(
        `intake-check failed for application ${id} after 3 attempts: no dossier in Redis for application ${id}; restore it from the intake backup. Fix the cause, then retry the task in Cockpit.`,
      );
      // Two retries, waiting at least half of 300 ms and of 600 ms.
      expect(elapsed).toBeGreaterThanOrEqual(450);
      const failed = await workers.metrics.failed.get();
      expect(failed.values.find((v) => v.labels.topic === 'intake-check')?.value).toBe(3);

      await api.redis.hset(appKey(id), 'dossier', dossierJson);
      const [task] = await api.camunda.externalTasks({ processInstanceId });
      expect(task.retries).toBe(0);
      await api.camunda.setExternalTaskRetries(task.id, 1);
      const ended = await processEnded(api.camunda, processInstanceId);
      expect(ended.endEvents).toEqual(['EndEvent_AssistanceAssigned']);
    } finally {
      await workers.stop();
    }
  });

  it('a worker killed with SIGKILL after its side effect: the task comes back after the lock and finishes with one number and one notification', async () => {
    const counter = registrations('zhetysu', year);
    const before = await counterValue(api.redis, counter);
    const stalling = await daemon({ WORKER_LOCK_MS: '2000' }, 'registration');
    const { id, processInstanceId } = await submit('zhetysu');
    const registered = await until(
      'the registration side effect',
      async () => api.applications.result(id, 'registration'),
      30_000,
    );
    await until('the daemon to stall', async () => stalling.output().includes('"stalling"'));
    const killed = stalling.exit();
    stalling.child.kill('SIGKILL');
    expect((await killed).signal).toBe('SIGKILL');

    await daemon({ WORKER_LOCK_MS: '2000', WORKER_LONG_POLL_MS: '2000' });
    const ended = await processEnded(api.camunda, processInstanceId, 60_000);
    expect(ended.endEvents).toEqual(['EndEvent_AssistanceAssigned']);
    expect(await counterValue(api.redis, counter)).toBe(before + 1);
    expect(await api.applications.result(id, 'registration')).toEqual(registered);
    expect(await notificationsFor('zhetysu', id)).toBe(1);
  });

  it('SIGTERM under load: the daemon exits 0 within its bound, unlocks what it held, and nothing is lost or done twice', async () => {
    const counter = registrations('nauryzbay', year);
    const before = await counterValue(api.redis, counter);
    const stalling = await daemon(
      { WORKER_STOP_GRACE_MS: '2000', WORKER_MAX_TASKS: '10', WORKER_LONG_POLL_MS: '1000' },
      'commission-decision',
    );
    const apps = await Promise.all(Array.from({ length: 20 }, () => submit('nauryzbay')));
    await until('handlers in flight', async () => (stalling.output().match(/"stalling"/g) ?? []).length >= 5, 30_000);

    const exit = stalling.exit();
    stalling.child.kill('SIGTERM');
    const { code, ms } = await exit;
    expect(code).toBe(0);
    expect(ms).toBeLessThan(2_000 + 5_000);
    expect(stalling.output()).toMatch(/"event":"workers-stopped","unlocked":([1-9]\d*),"pollReturned":true/);
    const workerId = /"workerId":"(test-daemon-\d+)"/.exec(stalling.output())![1];
    expect(await api.camunda.externalTasks({ workerId, locked: 'true' })).toEqual([]);

    await daemon();
    for (const app of apps) {
      const ended = await processEnded(api.camunda, app.processInstanceId, 60_000);
      expect(ended.endEvents).toEqual(['EndEvent_AssistanceAssigned']);
      expect(await notificationsFor('nauryzbay', app.id)).toBe(1);
    }
    expect(await counterValue(api.redis, counter)).toBe(before + apps.length);
  });
});
