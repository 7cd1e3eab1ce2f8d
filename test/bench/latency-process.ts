/**
 * One side of the bench's pickup-latency rounds in a process of its own, so that neither side shares
 * an event loop with the load the bench submits: `ours` (the daemon's runWorkers, started by the
 * bench with the daemon's node flags) or `bare` (plain client handlers, node's default flags).
 * Prints `ready`, then `picked <ms>` per task; on SIGTERM it stops and prints
 * `done <external-task REST calls> <event-loop delay p99 ms>`.
 */
import diagnostics_channel from 'node:diagnostics_channel';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/platform/logger.js';
import { workerMetrics } from '../../src/runtime/metrics.js';
import { runWorkers } from '../../src/runtime/run-workers.js';
import { connectRedis } from '../../src/store/redis.js';
import { WORKERS } from '../../workers/all.js';
import { bareClient } from './bare-client.js';

let externalTaskCalls = 0;
diagnostics_channel.subscribe('http.client.request.start', (message) => {
  const { request } = message as { request: { path?: string } };
  if (request.path?.includes('/external-task')) externalTaskCalls += 1;
});
const loop = monitorEventLoopDelay({ resolution: 5 });
loop.enable();
const picked = (ms: number) => process.stdout.write(`picked ${ms}\n`);

let stop: () => Promise<void>;
if (process.argv[2] === 'ours') {
  const config = { ...loadConfig(process.env), LOG_LEVEL: 'silent' as const };
  const redis = connectRedis(config.REDIS_URL, config.REDIS_PREFIX);
  const running = runWorkers([...WORKERS], {
    config,
    redis,
    log: createLogger('bench', 'silent'),
    metrics: workerMetrics(),
  });
  running.events.on('picked', (_topic: string, ms: number) => picked(ms));
  stop = async () => {
    await running.stop(5_000);
    await redis.quit();
  };
} else {
  const env = process.env as Record<string, string>;
  const bare = bareClient({ url: env.CAMUNDA_URL, username: env.CAMUNDA_USER, password: env.CAMUNDA_PASSWORD }, picked);
  stop = () => bare.stop();
}
process.stdout.write('ready\n');
process.once('SIGTERM', () => {
  void stop().then(() => {
    loop.disable();
    process.stdout.write(`done ${externalTaskCalls} ${loop.percentile(99) / 1e6}\n`, () => process.exit(0));
  });
});
