import closeWithGrace from 'close-with-grace';
import type { Redis } from 'ioredis';
import { applicantKeySecret, engineCredentials, type Config } from '../config.js';
import { CamundaClient } from '../engine/camunda.js';
import { connectRedis } from '../store/redis.js';
import type { Logger } from './logger.js';

/** /readyz: whether the engine and Redis answer now. */
export async function readiness(engine: CamundaClient, redis: Redis): Promise<{ engine: boolean; redis: boolean }> {
  const [engineUp, redisUp] = await Promise.all([
    engine.version().then(
      () => true,
      () => false,
    ),
    redis.ping().then(
      () => true,
      () => false,
    ),
  ]);
  return { engine: engineUp, redis: redisUp };
}

/** What a daemon opens at start, once its applicant key secret is there: Redis (its connection problems logged) and the engine as the daemon's own user. */
export function openConnections(
  config: Config,
  log: Logger,
  engineTimeoutMs?: number,
): { redis: Redis; engine: CamundaClient } {
  applicantKeySecret(config);
  const redis = connectRedis(config.REDIS_URL, config.REDIS_PREFIX, config.REDIS_PASSWORD);
  redis.on('error', (e: Error) => log.warn({ event: 'redis-error', err: e.message }, 'redis connection problem'));
  return { redis, engine: new CamundaClient(config.CAMUNDA_URL, engineCredentials(config), engineTimeoutMs) };
}

/**
 * On SIGTERM or SIGINT, runs `stop` once and exits 0 (close-with-grace); past `graceMs` it exits 1. An
 * error that escapes a handler is logged and the daemon goes on: one bad task must not take it down.
 */
export function stopGracefully(log: Logger, graceMs: number, stop: (signal: string) => Promise<void>): void {
  closeWithGrace(
    {
      delay: graceMs,
      skip: ['unhandledRejection', 'uncaughtException', 'beforeExit'],
      logger: { error: (message: string) => log.error({ event: 'stop-problem' }, message) },
      onTimeout: () => log.error({ event: 'stop-timeout' }, 'could not stop in time; exiting'),
    },
    async ({ signal }) => {
      log.info({ event: 'stopping', signal }, 'stopping');
      await stop(signal ?? 'manual');
      log.info({ event: 'stopped' }, 'stopped');
    },
  );
  process.on('unhandledRejection', (e) =>
    log.error(
      { event: 'unhandled-rejection', err: e instanceof Error ? e.message : String(e) },
      'an error escaped a handler',
    ),
  );
}
