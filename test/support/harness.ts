import { Redis } from 'ioredis';
import { loadConfig, loadRegulation, type Config } from '../../src/config.js';
import { type HistoricProcessInstance } from '../../src/engine/camunda.js';
import { EngineAdmin } from './engine-admin.js';
import { passwordsFromDir } from '../../src/engine/identity.js';
import { createLogger } from '../../src/platform/logger.js';
import { workerMetrics, type WorkerMetrics } from '../../src/runtime/metrics.js';
import { runWorkers } from '../../src/runtime/run-workers.js';
import type { WorkerDefinition } from '../../src/runtime/worker.js';
import { connectRedis } from '../../src/store/redis.js';
import { counterKey, type Counter } from '../../src/store/step-effects.js';
import type { District } from '../../src/domain/districts.js';
import { WORKERS } from '../../workers/all.js';
import { handOverWaiting } from './front-desk.js';
import { commissionMembers, decideWaiting, simulatedMember } from './simulated-member.js';

export function testConfig(overrides: Partial<Config> = {}): Config {
  return { ...loadConfig(process.env), WORKER_LONG_POLL_MS: 2_000, WORKER_RETRY_BASE_MS: 200, ...overrides };
}

/** The engine as its administrator (what an operator's tools and the tests' time travel need). */
export function engine(): EngineAdmin {
  return new EngineAdmin(process.env.CAMUNDA_URL!, {
    user: process.env.CAMUNDA_ADMIN_USER,
    password: process.env.CAMUNDA_ADMIN_PASSWORD,
  });
}

/** The engine as one of its users: `worker`, `api`, or a person of config/people.yaml (BOS-C01). */
export function engineAs(
  user: string,
  password = passwordsFromDir(process.env.ENGINE_PASSWORDS_DIR!)(user),
  url = process.env.CAMUNDA_URL!,
): EngineAdmin {
  return new EngineAdmin(url, { user, password });
}

export function redis(): Redis {
  return connectRedis(process.env.REDIS_URL!, process.env.REDIS_PREFIX!);
}

export interface TestWorkers {
  metrics: WorkerMetrics;
  redis: Redis;
  stop(): Promise<void>;
}

/**
 * The production workers, unchanged, run in this process against the real engine and Redis, with a
 * simulated member of each district's commission deciding step 4 through the engine's task API (the
 * prefilled recommendation); `{ commission: false }` for a test that decides as the commission itself.
 */
export function startWorkers(
  definitions: readonly WorkerDefinition[] = WORKERS,
  overrides: Partial<Config> = {},
  { commission = true }: { commission?: boolean } = {},
): TestWorkers {
  const config = testConfig(overrides);
  const connection = connectRedis(config.REDIS_URL, config.REDIS_PREFIX);
  const metrics = workerMetrics();
  const running = runWorkers([...definitions], {
    config,
    redis: connection,
    log: createLogger('test-workers', config.LOG_LEVEL),
    metrics,
  });
  const member = commission ? simulatedMember({ url: config.CAMUNDA_URL }) : null;
  return {
    metrics,
    redis: connection,
    async stop() {
      await member?.stop();
      await running.stop(5_000);
      await connection.quit();
    },
  };
}

export async function until<T>(
  what: string,
  probe: () => Promise<T | null | undefined | false>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface Ended extends HistoricProcessInstance {
  /** The end events the outcome reached (breach records aside). */
  endEvents: string[];
}

export async function processEnded(
  camunda: EngineAdmin,
  processInstanceId: string,
  timeoutMs = 30_000,
): Promise<Ended> {
  // Step 4 is the commission's: a member of the district decides what waits, through the task API.
  const members = commissionMembers({ url: camunda.baseUrl });
  const instance = await until(
    `process ${processInstanceId} to end`,
    async () => {
      const [found] = await camunda.historicProcessInstances({ processInstanceId });
      if (found?.state === 'ACTIVE') {
        await decideWaiting(processInstanceId, {}, members);
        await handOverWaiting(camunda, processInstanceId);
      }
      return found && found.state === 'COMPLETED' ? found : null;
    },
    timeoutMs,
  );
  const history = await camunda.activityHistory(processInstanceId);
  const outcomes = new Set(loadRegulation().outcomes.map((o) => o.element));
  const endEvents = history
    .filter((a) => a.activityType === 'noneEndEvent' && outcomes.has(a.activityId))
    .map((a) => a.activityId);
  return { ...instance, endEvents };
}

export const registrations = (district: District, year: number | string): Counter => ({
  of: 'registration',
  district,
  year: Number(year),
});

/** The last number a counter gave. */
export async function counterValue(connection: Redis, counter: Counter): Promise<number> {
  return Number((await connection.get(counterKey(counter))) ?? 0);
}
