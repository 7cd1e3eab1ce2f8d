import { collectDefaultMetrics, Registry } from 'prom-client';
import { requirePortalEds } from '../config.js';
import { command, runMain } from './lib/main.js';
import { openConnections, readiness, stopGracefully } from '../platform/connections.js';
import { startHealthServer } from '../platform/health-server.js';
import { createLogger } from '../platform/logger.js';
import { createApp } from '../api/app.js';
import { Intake } from '../api/intake.js';

const RECONCILE_EVERY_MS = 5_000;

command(
  'npm run api',
  'the HTTP API for the portal and the State Corporation, settings from the environment (docs/operators.md, Configuration)',
).parse();
await runMain(async (config) => {
  requirePortalEds(config);
  const log = createLogger('api', config.LOG_LEVEL);
  const { redis, engine } = openConnections(config, log);
  const intake = new Intake(redis, engine, log);
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const app = createApp({ config, redis, engine, intake, log, metrics: registry });
  const ops = await startHealthServer(config.API_OPS_PORT, registry, () => readiness(engine, redis), config.OPS_HOST);
  log.info({ event: 'ops-ready', port: config.API_OPS_PORT, host: config.OPS_HOST }, 'operations port listening');
  const server = app.listen(config.API_PORT, () =>
    log.info({ event: 'api-ready', port: config.API_PORT }, 'API listening'),
  );
  const reconciler = setInterval(() => {
    intake.reconcile().then(
      (n) => n > 0 && log.info({ event: 'reconciled', started: n }, 'started waiting applications'),
      (e: Error) => log.warn({ event: 'reconcile-failed', err: e.message }, 'reconcile failed'),
    );
  }, RECONCILE_EVERY_MS);
  stopGracefully(log, 10_000, async () => {
    clearInterval(reconciler);
    await new Promise((resolve) => server.close(resolve));
    ops.close();
    await redis.quit().catch(() => undefined);
  });
});
