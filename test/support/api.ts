import type { Redis } from 'ioredis';
import request from 'supertest';
import { createApp } from '../../src/api/app.js';
import { loadRegulation } from '../../src/config.js';
import { Intake } from '../../src/api/intake.js';
import { createLogger } from '../../src/runtime/logger.js';
import { engine, redis } from './harness.js';

/** The production express app wired to the real engine and Redis, for supertest. */
export function testApi() {
  const connection: Redis = redis();
  const camunda = engine();
  const log = createLogger('test-api', process.env.LOG_LEVEL ?? 'silent');
  const intake = new Intake(connection, camunda, log);
  const app = createApp({ redis: connection, engine: camunda, intake, log, regulation: loadRegulation() });
  return {
    app,
    intake,
    redis: connection,
    camunda,
    http: () => request(app),
    close: () => connection.quit(),
  };
}
