import { ensureRedis, freePort, prepareEngine, startEngine, type Started } from '../../src/stack/stack.js';
import { ADMIN_USER, devCredentials } from '../../src/stack/dev-credentials.js';
import { loadPeople } from '../../src/config.js';
import { API_USER, WORKER_USER } from '../../src/domain/roles.js';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../../src/paths.js';
import { loadFixture } from '../../src/registries/service.js';
import { ensureRegistries } from './registries.js';

/**
 * Once per test run: a real Camunda engine (built from engine/, H2 in memory, authentication and
 * authorization on) unless CAMUNDA_URL is set (then with CAMUNDA_ADMIN_USER / CAMUNDA_ADMIN_PASSWORD),
 * the machine's Redis (or one started here) unless REDIS_URL is set, a key prefix of this run's own,
 * the engine's people and grants, and the diagrams deployed. Workers run as `worker`; the API harness
 * as `api`; tests that act as an administrator or a person use their own logins.
 */
export default async function globalSetup(): Promise<void> {
  const started: Started[] = [];
  const began = Date.now();
  // This run's operators, provider identity, EDS certification authority (with its CRL) and engine passwords.
  const credentials = await devCredentials(mkdtempSync(join(tmpdir(), 'ha-credentials-')));
  process.env.CAMUNDA_ADMIN_USER ??= ADMIN_USER;
  process.env.CAMUNDA_ADMIN_PASSWORD ??= credentials.enginePassword(ADMIN_USER);
  const admin = { user: process.env.CAMUNDA_ADMIN_USER, password: process.env.CAMUNDA_ADMIN_PASSWORD };
  if (!process.env.CAMUNDA_URL) {
    // A short refresh, so that test/integration/engine-metrics.test.ts sees the gauges move.
    const engine = await startEngine({ port: await freePort(), admin, gaugesRefreshMs: 1_000 });
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
  process.env.LOGIN_CLIENT_MAX_FAILURES ??= '100000';
  // The files submit far more than a centre or an account would; the limits have tests of their own.
  process.env.SUBMISSIONS_PER_CENTRE_PER_HOUR ??= '100000';
  process.env.SUBMISSIONS_PER_ACCOUNT_PER_DAY ??= '100000';
  Object.assign(process.env, credentials.env);
  process.env.ENGINE_PASSWORDS_DIR = credentials.enginePasswordsDir;
  process.env.CAMUNDA_USER = WORKER_USER;
  process.env.CAMUNDA_PASSWORD = credentials.enginePassword(WORKER_USER);
  process.env.TEST_API_PASSWORD = credentials.enginePassword(API_USER);
  process.env.TEST_OPERATOR_KEYS = JSON.stringify(credentials.operatorKeys);
  process.env.TEST_EDS_CA_KEY_FILE = credentials.caKeyFile;
  // §11: the state registers' stand-in, with the development people, the fixtures' enrolments and test controls.
  const registries = await ensureRegistries({
    people: loadFixture(join(ROOT, 'config', 'state-registries.yaml')),
    token: readFileSync(credentials.env.STATE_GATEWAY_TOKEN_FILE, 'utf8').trim(),
  });
  if (registries) started.push(registries);
  process.env.STATE_GATEWAY_TIMEOUT_MS ??= '1000';
  process.env.STATE_GATEWAY_RETRY_BASE_MS ??= '50';
  await prepareEngine(
    process.env.CAMUNDA_URL,
    admin,
    loadPeople(join(ROOT, 'config', 'people.yaml')),
    credentials.enginePasswordsDir,
  );
  (globalThis as { __STARTED__?: Started[] }).__STARTED__ = started;
  console.log(
    `\n[setup] engine ${process.env.CAMUNDA_URL}, redis ${redis.url}, ready in ${((Date.now() - began) / 1000).toFixed(1)} s`,
  );
}
