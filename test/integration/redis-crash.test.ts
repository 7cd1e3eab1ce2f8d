import { almatyYear } from '../../src/domain/almaty.js';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, redisPersists, startRedis, type Started } from '../../src/stack/stack.js';
import { WORKERS } from '../../workers/all.js';
import { asOperator, testApi } from '../support/api.js';
import { dossier } from '../support/fixtures.js';
import {
  counterValue,
  registrations,
  processEnded,
  startWorkers,
  until,
  type TestWorkers,
} from '../support/harness.js';

/**
 * Redis is the system of record for dossiers, trays and the ledger. The Redis `npm start` runs (and
 * compose's) writes every change to its append-only file before it answers: killed with SIGKILL right
 * after an application's 202 and started again on the same files, nothing acknowledged is lost and the
 * application finishes once.
 */
const dir = mkdtempSync(join(tmpdir(), 'ha-redis-aof-'));
let port: number;
let redis: Started;
let api: ReturnType<typeof testApi>;
let workers: TestWorkers;

beforeAll(async () => {
  port = await freePort();
  redis = await startRedis(port, dir);
  api = testApi({ REDIS_URL: redis.url });
  workers = startWorkers(WORKERS, { REDIS_URL: redis.url });
});

afterAll(async () => {
  await workers?.stop();
  await api?.close();
  await redis?.stop();
});

it('a Redis killed with SIGKILL right after the 202 keeps the application, which then finishes once', async () => {
  expect(await redisPersists(redis.url)).toBe(true);
  const family = dossier({ address: { district: 'nauryzbay', line: 'мкр. Шугыла, 3' } });
  const res = await api.http().post('/applications').set(asOperator('con-nauryzbay')).send(family);
  expect(res.status).toBe(202);
  const id = res.body.id as string;
  redis.child!.kill('SIGKILL');
  await new Promise((resolve) => redis.child!.once('exit', resolve));

  redis = await startRedis(port, dir);
  const stored = await until('the dossier after the restart', () => api.applications.dossier(id));
  expect(stored.applicant.iin).toBe(family.applicant.iin);
  const [instance] = await until('the process', async () => {
    const found = await api.camunda.historicProcessInstances({
      businessKey: id,
      processDefinitionKey: 'housing-assistance',
    });
    return found.length ? found : null;
  });
  const ended = await processEnded(api.camunda, instance.id, 60_000);
  expect(ended.endEvents).toEqual(['EndEvent_AssistanceAssigned']);
  expect(
    await api.camunda.historicProcessInstances({ businessKey: id, processDefinitionKey: 'housing-assistance' }),
  ).toHaveLength(1);
  expect(await counterValue(api.redis, registrations('nauryzbay', almatyYear(new Date())))).toBe(1);
  const tray = await api.trays.outTray('con-nauryzbay');
  expect(tray.filter((i) => i.applicationId === id)).toHaveLength(1);
});
