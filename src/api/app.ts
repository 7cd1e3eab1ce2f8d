import express, { type NextFunction, type Request, type Response } from 'express';
import type { Redis } from 'ioredis';
import type { Registry } from 'prom-client';
import type { CamundaClient } from '../engine/camunda.js';
import type { Logger } from '../runtime/logger.js';
import { Applications } from '../store/applications.js';
import { iinProblem } from '../domain/iin.js';
import type { Intake } from './intake.js';
import { applicationSchema, fieldErrors, toDossier } from './schemas.js';
import { statusView } from './status.js';
import type { Regulation } from '../domain/regulation.js';

export interface ApiDeps {
  redis: Redis;
  engine: CamundaClient;
  intake: Intake;
  log: Logger;
  registry?: Registry;
  publicUrl?: string;
  regulation: Regulation;
}

const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function problem(res: Response, status: number, error: string, message: string, extra: Record<string, unknown> = {}) {
  res.status(status).json({ error, message, ...extra });
}

export function createApp(deps: ApiDeps) {
  const { redis, engine, intake, log } = deps;
  const applications = new Applications(redis);
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);

  app.use((req, res, next) => {
    const started = Date.now();
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cache-Control', 'no-store');
    res.on('finish', () => {
      const path = req.path.replace(ID, ':id');
      log.info({ event: 'http', method: req.method, path, status: res.statusCode, ms: Date.now() - started }, 'request');
    });
    next();
  });
  app.use(express.json({ limit: '256kb', type: ['application/json', 'application/*+json'] }));

  app.post('/applications', async (req, res) => {
    if (!req.is(['application/json', 'application/*+json'])) return problem(res, 415, 'unsupported-media-type', 'send the application as application/json');
    const parsed = applicationSchema.safeParse(req.body);
    if (!parsed.success) {
      return problem(res, 422, 'validation-failed', 'the application has invalid fields', { fields: fieldErrors(parsed.error) });
    }
    const clientKey = req.get('Idempotency-Key');
    if (clientKey !== undefined && !/^[\w-]{8,128}$/.test(clientKey)) {
      return problem(res, 400, 'bad-idempotency-key', 'Idempotency-Key must be 8 to 128 letters, digits, - or _');
    }
    const subject = req.get('X-Portal-Subject');
    const portalSubjectIin = subject && iinProblem(subject) === null ? subject : undefined;
    const { id, created } = await intake.submit(toDossier(parsed.data), { clientKey, portalSubjectIin });
    const statusUrl = `${deps.publicUrl ?? ''}/applications/${id}`;
    res.status(202).location(statusUrl).json({ id, status: created ? 'received' : 'duplicate', statusUrl });
  });

  app.get('/applications/:id', async (req, res) => {
    const id = String(req.params.id);
    const record = ID.test(id) ? await applications.get(id) : null;
    if (!record) return problem(res, 404, 'not-found', 'no application with this id');
    res.json(await statusView(record, engine, deps.regulation));
  });

  app.get('/healthz', (_req, res) => { res.json({ status: 'ok' }); });
  app.get('/readyz', async (_req, res) => {
    const checks = {
      engine: await engine.version().then(() => true, () => false),
      redis: await redis.ping().then(() => true, () => false),
    };
    const ok = checks.engine && checks.redis;
    res.status(ok ? 200 : 503).json({ status: ok ? 'ready' : 'not-ready', checks });
  });
  if (deps.registry) {
    const registry = deps.registry;
    app.get('/metrics', async (_req, res) => { res.type(registry.contentType).send(await registry.metrics()); });
  }

  app.use((_req, res) => problem(res, 404, 'not-found', 'no such route'));

  app.use((err: Error & { type?: string; status?: number }, req: Request, res: Response, _next: NextFunction) => {
    if (err.type === 'entity.parse.failed') return problem(res, 400, 'malformed-json', 'the body is not valid JSON');
    if (err.type === 'entity.too.large') return problem(res, 413, 'too-large', 'the body is larger than 256 KB');
    if (err.type === 'encoding.unsupported' || err.type === 'charset.unsupported') return problem(res, 415, 'unsupported-encoding', 'send UTF-8 JSON');
    if (err.status && err.status >= 400 && err.status < 500) return problem(res, err.status, 'bad-request', 'the request could not be read');
    log.error({ event: 'http-error', method: req.method, err: err.message }, 'request failed');
    problem(res, 503, 'unavailable', 'the service could not answer now; try again shortly');
  });

  return app;
}
