import { engineCredentials, type Config } from '../config.js';
import { CamundaClient } from '../engine/camunda.js';
import { connectRedis } from '../store/redis.js';
import { startHealthServer } from './health-server.js';
import { createLogger } from './logger.js';
import { workerMetrics } from './metrics.js';
import { runWorkers } from './run-workers.js';
import type { WorkerDefinition } from './worker.js';

/**
 * Node flags the production daemon runs with (Dockerfile, docker-compose.yml, the bench): a small
 * young generation, a bounded old space and one V8 helper thread keep it near 80 MB at 1000
 * applications in flight (README, Benchmarks). Raise the old space with WORKER_MAX_TASKS well above 20.
 */
export const DAEMON_NODE_FLAGS = ['--max-semi-space-size=1', '--max-old-space-size=48', '--v8-pool-size=1'] as const;

/** The worker process: subscribes every worker, serves health and metrics, stops cleanly on SIGTERM/SIGINT. */
export async function runWorkerDaemon(config: Config, definitions: readonly WorkerDefinition[]): Promise<void> {
  engineCredentials(config);
  const log = createLogger('workers', config.LOG_LEVEL);
  if (!config.APPLICANT_KEY_SECRET)
    log.warn(
      { event: 'no-applicant-key-secret' },
      'APPLICANT_KEY_SECRET is not set: applicant keys are plain hashes of IINs, which can be reversed by trying every IIN; set it in production',
    );
  const metrics = workerMetrics();
  const redis = connectRedis(config.REDIS_URL, config.REDIS_PREFIX);
  redis.on('error', (e: Error) => log.warn({ event: 'redis-error', err: e.message }, 'redis connection problem'));
  const engine = new CamundaClient(config.CAMUNDA_URL, engineCredentials(config), 3_000);
  const workers = runWorkers([...definitions], { config, redis, log, metrics });
  const health = await startHealthServer(config.WORKER_METRICS_PORT, metrics.registry, async () => ({
    engine: await engine.version().then(
      () => true,
      () => false,
    ),
    redis: await redis.ping().then(
      () => true,
      () => false,
    ),
  }));
  log.info({ event: 'daemon-ready', metricsPort: config.WORKER_METRICS_PORT }, 'worker daemon ready');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ event: 'stopping', signal, inFlight: workers.inFlight() }, 'stopping: no new tasks, finishing the ones held');
    const hardStop = setTimeout(() => {
      log.error({ event: 'stop-timeout' }, 'could not stop in time; exiting');
      process.exit(1);
    }, config.WORKER_STOP_GRACE_MS + 5_000);
    await workers.stop(config.WORKER_STOP_GRACE_MS);
    health.close();
    await redis.quit().catch(() => undefined);
    clearTimeout(hardStop);
    log.info({ event: 'stopped' }, 'worker daemon stopped');
    process.exit(0);
  };
  // One bad task must not take the daemon down: log what escaped and go on.
  process.on('unhandledRejection', (e) =>
    log.error({ event: 'unhandled-rejection', err: String((e as Error)?.message ?? e) }, 'an error escaped a handler'),
  );
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}
