import { collectDefaultMetrics, Registry } from 'prom-client';
import { runMain } from '../runtime/main.js';
import { engineCredentials } from '../config.js';
import { CamundaClient } from '../engine/camunda.js';
import { createLogger } from '../runtime/logger.js';
import { connectRedis } from '../store/redis.js';
import { createApp } from '../api/app.js';
import { Intake } from '../api/intake.js';

const RECONCILE_EVERY_MS = 5_000;

await runMain((config) => {
  const log = createLogger('api', config.LOG_LEVEL);
  const redis = connectRedis(config.REDIS_URL, config.REDIS_PREFIX);
  redis.on('error', (e: Error) => log.warn({ event: 'redis-error', err: e.message }, 'redis connection problem'));
  const engine = new CamundaClient(config.CAMUNDA_URL, engineCredentials(config));
  const intake = new Intake(redis, engine, log, config.COMMISSION_MODE);
  if (!config.APPLICANT_KEY_SECRET)
    log.warn(
      { event: 'no-applicant-key-secret' },
      'APPLICANT_KEY_SECRET is not set: applicant keys are plain hashes of IINs, which can be reversed by trying every IIN; set it in production',
    );
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const app = createApp({ config, redis, engine, intake, log, registry });
  const server = app.listen(config.API_PORT, () => log.info({ event: 'api-ready', port: config.API_PORT }, 'API listening'));
  const reconciler = setInterval(() => {
    intake.reconcile().then(
      (n) => n > 0 && log.info({ event: 'reconciled', started: n }, 'started waiting applications'),
      (e: Error) => log.warn({ event: 'reconcile-failed', err: e.message }, 'reconcile failed'),
    );
  }, RECONCILE_EVERY_MS);
  const stop = (signal: string) => {
    log.info({ event: 'stopping', signal }, 'API stopping');
    clearInterval(reconciler);
    server.close(() => {
      void redis.quit().finally(() => process.exit(0));
    });
    setTimeout(() => process.exit(0), 10_000).unref();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
});
