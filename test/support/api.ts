import type { Redis } from 'ioredis';
import request from 'supertest';
import { createApp } from '../../src/api/app.js';
import type { Config } from '../../src/config.js';
import { Intake } from '../../src/api/intake.js';
import { createLogger } from '../../src/platform/logger.js';
import { afterAll, beforeAll } from '@jest/globals';
import { API_USER } from '../../src/domain/roles.js';
import { engine, engineAs, redis, startWorkers, testConfig, type TestWorkers } from './harness.js';
import { connectRedis } from '../../src/store/redis.js';
import { Applications } from '../../src/store/applications.js';
import { Trays } from '../../src/store/trays.js';
import { runCa, signedChallenge, type SigningOptions, type TestCa } from './eds.js';

export const PASSWORD = 'correct horse battery staple';

/** The run's State Corporation operator keys (test/support/start-services.ts), by centre. */
export function operatorKey(centre = 'con-bostandyk'): string {
  const key = (JSON.parse(process.env.TEST_OPERATOR_KEYS!) as Record<string, string>)[centre];
  if (!key) throw new Error(`no operator key for ${centre}`);
  return key;
}

export const asOperator = (centre = 'con-bostandyk') => ({ Authorization: `ApiKey ${operatorKey(centre)}` });

/** The production express app wired to the real engine and Redis, for supertest. */
export function testApi(overrides: Partial<Config> = {}) {
  // The API acts as its own engine user, with only the rights of `api`; the tests look and skip time as the administrator.
  const apiEngine = engineAs(API_USER, process.env.TEST_API_PASSWORD);
  const camunda = engine();
  const config = testConfig({ CAMUNDA_USER: API_USER, CAMUNDA_PASSWORD: process.env.TEST_API_PASSWORD, ...overrides });
  const connection: Redis = overrides.REDIS_URL ? connectRedis(config.REDIS_URL, config.REDIS_PREFIX) : redis();
  const log = createLogger('test-api', process.env.LOG_LEVEL ?? 'silent');
  const intake = new Intake(connection, apiEngine, log);
  const app = createApp({ config, redis: connection, engine: apiEngine, intake, log });
  const http = () => request(app);
  let ca: Promise<TestCa> | undefined;
  /**
   * Sets the IIN's portal password the only way there is: a fresh challenge signed with an EDS
   * certificate carrying `certificateIin` (default: the IIN) from `by` (default: the run's CA).
   */
  async function register(
    iin: string,
    password = PASSWORD,
    options: SigningOptions & { by?: TestCa; challenge?: string } = {},
  ) {
    const challenge =
      options.challenge ?? ((await http().post('/portal/challenges')).body as { challenge: string }).challenge;
    const { cms } = await signedChallenge(
      options.by ?? (await (ca ??= runCa())),
      options.certificateIin ?? iin,
      challenge,
      options,
    );
    return http().post('/portal/accounts').send({ iin, password, challenge, signature: { cms } });
  }
  return {
    app,
    config,
    intake,
    redis: connection,
    applications: new Applications(connection),
    trays: new Trays(connection),
    camunda,
    apiEngine,
    http,
    register,
    /** Registers an applicant on the portal and signs them in: the session's Authorization header. */
    async asApplicant(iin: string, password = PASSWORD): Promise<{ Authorization: string }> {
      const registered = await register(iin, password);
      if (registered.status !== 200)
        throw new Error(`register: ${registered.status} ${JSON.stringify(registered.body)}`);
      const session = await http().post('/portal/sessions').send({ iin, password });
      if (session.status !== 201) throw new Error(`sign in: ${session.status} ${JSON.stringify(session.body)}`);
      return { Authorization: `Bearer ${session.body.token}` };
    },
    close: () => connection.quit(),
  };
}

/** The API and the production workers for one test file, started before it and stopped after. */
export function apiWithWorkers(): { readonly api: ReturnType<typeof testApi>; readonly workers: TestWorkers } {
  const running = {} as { api: ReturnType<typeof testApi>; workers: TestWorkers };
  beforeAll(() => {
    running.api = testApi();
    running.workers = startWorkers();
  });
  afterAll(async () => {
    await running.workers.stop();
    await running.api.close();
  });
  return running;
}
