import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { Intake } from '../../src/api/intake.js';
import { deployModels } from '../../src/cli/deploy.js';
import { freePort, startEngine, type Started } from '../../src/cli/stack.js';
import { CamundaClient } from '../../src/engine/camunda.js';
import { createLogger } from '../../src/runtime/logger.js';
import { connectRedis } from '../../src/store/redis.js';
import { dossier } from '../support/fixtures.js';
import { processEnded, startWorkers, type TestWorkers } from '../support/harness.js';
import { createDatabase } from '../support/postgres.js';

/** The same engine build on PostgreSQL instead of H2, as production runs it. */
let engine: Started;
let database: ReturnType<typeof createDatabase>;
let workers: TestWorkers;
let redis: Redis;

beforeAll(async () => {
  database = createDatabase(`camunda_test_${process.pid}`);
  engine = await startEngine({ port: await freePort(), db: database });
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
  const camunda = new CamundaClient(engine.url);
  const first = await deployModels(camunda);
  expect(Object.values(first.deployedProcessDefinitions ?? {}).map((d) => d.key)).toEqual(['housing-assistance']);
  const again = await deployModels(camunda);
  expect(again.deployedProcessDefinitions ?? {}).toEqual({});

  const intake = new Intake(redis, camunda, createLogger('test', 'silent'));
  const { id, started } = await intake.submit(dossier(), { owner: 'centre:con-bostandyk' });
  expect(started).toBe(true);
  const [instance] = await camunda.historicProcessInstances({ businessKey: id });
  const ended = await processEnded(camunda, instance.id);
  expect(ended.endEvents).toEqual(['EndEvent_AssistanceAssigned']);
});
