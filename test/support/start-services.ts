import { CamundaClient } from '../../src/engine/camunda.js';
import { deployModels } from '../../src/cli/deploy.js';
import { ensureRedis, freePort, startEngine, type Started } from '../../src/cli/stack.js';
import { devCredentials } from '../../src/cli/dev-credentials.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Once per test run: a real Camunda engine (built from engine/, H2 in memory) unless CAMUNDA_URL is
 * set, the machine's Redis (or one started here) unless REDIS_URL is set, a key prefix of this run's
 * own, and the diagrams deployed.
 */
export default async function globalSetup(): Promise<void> {
  const started: Started[] = [];
  const began = Date.now();
  if (!process.env.CAMUNDA_URL) {
    const engine = await startEngine({ port: await freePort() });
    started.push(engine);
    process.env.CAMUNDA_URL = engine.url;
  }
  const redis = await ensureRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  started.push(redis);
  process.env.REDIS_URL = redis.url;
  process.env.REDIS_PREFIX = `test:${process.pid}:${Date.now()}:`;
  process.env.LOG_LEVEL ??= 'silent';
  // Every test signs in from 127.0.0.1; the per-address limit has a test of its own.
  process.env.LOGIN_RATE_PER_MINUTE ??= '100000';
  // This run's operators, provider identity and EDS certification authority (with its CRL).
  const credentials = await devCredentials(mkdtempSync(join(tmpdir(), 'ha-credentials-')));
  Object.assign(process.env, credentials.env);
  process.env.TEST_OPERATOR_KEYS = JSON.stringify(credentials.operatorKeys);
  process.env.TEST_EDS_CA_KEY_FILE = credentials.caKeyFile;
  await deployModels(new CamundaClient(process.env.CAMUNDA_URL));
  (globalThis as { __STARTED__?: Started[] }).__STARTED__ = started;
  console.log(`\n[setup] engine ${process.env.CAMUNDA_URL}, redis ${redis.url}, ready in ${((Date.now() - began) / 1000).toFixed(1)} s`);
}
