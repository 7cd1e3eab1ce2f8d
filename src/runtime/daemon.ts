import { engineCredentials, requirePortalEds, requireProviderSigners, type Config } from '../config.js';
import { openConnections, readiness, stopGracefully } from '../platform/connections.js';
import { startHealthServer } from '../platform/health-server.js';
import { createLogger } from '../platform/logger.js';
import { redisPersistenceMetrics } from '../platform/redis-persistence.js';
import { engineDeadlineMetrics } from './deadline-collector.js';
import { workerMetrics } from './metrics.js';
import { runWorkers } from './run-workers.js';
import type { WorkerDefinition } from './worker.js';

/**
 * Node flags the production daemon runs with (Dockerfile, docker-compose.yml, the bench): a small
 * young generation, a bounded old space, one V8 helper thread, and no JIT. The daemon mostly waits
 * on the engine and Redis, so compiled code bought little: without it (`--jitless`, which also maps
 * no executable memory at run time) the peak at 1000 applications in flight went from 87 to 73–75 MB
 * for +6–8 ms of daemon CPU per application (docs/operators.md, Benchmarks). `--jitless` rules out WebAssembly,
 * so it is not exposed (no V8 warning) and the daemon does not use node's fetch, whose parser needs it.
 * Raise the old space with WORKER_MAX_TASKS well above 20.
 */
export const DAEMON_NODE_FLAGS = [
  '--max-semi-space-size=1',
  '--max-old-space-size=48',
  '--v8-pool-size=1',
  '--jitless',
  '--no-expose-wasm',
] as const;

/** The worker process: subscribes every worker, serves health and metrics, stops cleanly on SIGTERM/SIGINT. */
export async function runWorkerDaemon(config: Config, definitions: readonly WorkerDefinition[]): Promise<void> {
  engineCredentials(config);
  requirePortalEds(config);
  requireProviderSigners(config);
  const log = createLogger('workers', config.LOG_LEVEL);
  const metrics = workerMetrics();
  const { redis, engine } = openConnections(config, log, 3_000);
  const workers = runWorkers([...definitions], { config, redis, log, metrics });
  // Read from the engine and Redis when Prometheus scrapes; every replica exports the same values (max by in queries).
  engineDeadlineMetrics(metrics.registry, engine, config.regulation, (e) =>
    log.warn({ event: 'deadline-metrics-failed', err: e.message }, 'could not read the deadlines from the engine'),
  );
  redisPersistenceMetrics(metrics.registry, redis);
  const health = await startHealthServer(
    config.WORKER_METRICS_PORT,
    metrics.registry,
    () => readiness(engine, redis),
    config.OPS_HOST,
  );
  log.info({ event: 'daemon-ready', metricsPort: config.WORKER_METRICS_PORT }, 'worker daemon ready');
  stopGracefully(log, config.WORKER_STOP_GRACE_MS + 5_000, async () => {
    log.info({ event: 'stopping-workers', inFlight: workers.inFlight() }, 'no new tasks; finishing the ones held');
    await workers.stop(config.WORKER_STOP_GRACE_MS);
    health.close();
    await redis.quit().catch(() => undefined);
  });
}
