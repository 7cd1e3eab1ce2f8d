import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { Intake } from '../../src/api/intake.js';
import { deployModels } from '../../src/engine/deployment.js';
import { freePort, type Started } from '../../src/stack/stack.js';
import { API_USER } from '../../src/domain/roles.js';
import { startTestEngine, testAdmin } from '../support/engines.js';
import { EngineAdmin } from '../support/engine-admin.js';
import { createLogger } from '../../src/platform/logger.js';
import { connectRedis } from '../../src/store/redis.js';
import { dossier } from '../support/fixtures.js';
import { engineAs, processEnded, startWorkers, type TestWorkers } from '../support/harness.js';
import { createDatabase } from '../support/postgres.js';

/** The same engine build on PostgreSQL instead of H2, as production runs it. */
let engine: Started;
let database: ReturnType<typeof createDatabase>;
let workers: TestWorkers;
let redis: Redis;

beforeAll(async () => {
  database = createDatabase(`camunda_test_${process.pid}`);
  engine = await startTestEngine({ port: await freePort(), db: database }, { deploy: false });
  redis = connectRedis(process.env.REDIS_URL!, process.env.REDIS_PREFIX!);
  workers = startWorkers(undefined, { CAMUNDA_URL: engine.url });
}, 180_000);

afterAll(async () => {
  await workers?.stop();
  await redis?.quit();
  await engine?.stop();
  database?.drop();
});

it('deploys and runs an application to its end on PostgreSQL', async () => {
  const camunda = new EngineAdmin(engine.url, testAdmin());
  const first = await deployModels(camunda);
  expect(Object.values(first?.deployedProcessDefinitions ?? {}).map((d) => d.key)).toEqual(['housing-assistance']);
  expect(await deployModels(camunda)).toBeNull();

  const intake = new Intake(
    redis,
    engineAs(API_USER, process.env.TEST_API_PASSWORD, engine.url),
    createLogger('test', 'silent'),
  );
  const { id, started } = await intake.submit(dossier(), { owner: 'centre:con-bostandyk' });
  expect(started).toBe(true);
  const [instance] = await camunda.historicProcessInstances({ businessKey: id });
  const ended = await processEnded(camunda, instance.id);
  expect(ended.endEvents).toEqual(['EndEvent_AssistanceAssigned']);
});
