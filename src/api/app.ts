import express, { type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import type { Redis } from 'ioredis';
import type { Registry } from 'prom-client';
import type { Config } from '../config.js';
import { API_MESSAGES, tooLarge } from '../domain/messages.js';
import type { CamundaClient } from '../engine/camunda.js';
import { stepServices } from '../platform/services.js';
import type { StepServices } from '../platform/services.js';
import type { Logger } from '../platform/logger.js';
import { Accounts } from '../store/accounts.js';
import { Applications } from '../store/applications.js';
import { SubmissionLimits } from '../store/submission-limits.js';
import { UnreadableRecordError } from '../store/stored.js';
import { Trays } from '../store/trays.js';
import { Audit } from './audit.js';
import { actorOf, authenticate, caller, requireCaller } from './auth.js';
import type { ApiContext } from './context.js';
import type { Intake } from './intake.js';
import { openApiDocument } from './openapi.js';
import { httpMetrics } from './http-metrics.js';
import { logUnreadable, problem } from './respond.js';
import { applicationRoutes } from './routes/applications.js';
import { portalRoutes } from './routes/portal.js';
import { stateCorporationRoutes } from './routes/state-corporation.js';

export interface ApiDeps {
  config: Config;
  redis: Redis;
  engine: CamundaClient;
  intake: Intake;
  log: Logger;
  /** The EDS check of condition 2, also used for accounts (default: the daemon's, from the configuration). */
  eds?: Pick<StepServices, 'checkEds'>;
  /** Where the request metrics go (the operations port's registry); none counted without it. */
  metrics?: Registry;
}

const ID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
/** Applications carry electronic copies of documents; everything else is small. */
const APPLICATION_BODY_LIMIT = '12mb';
const BODY_LIMIT = '16kb';
/** The routes that read a body from a caller not yet known: signing up and signing in. */
const OPEN_BODY_ROUTES = new Set(['POST /portal/accounts', 'POST /portal/sessions']);

export function createApp(deps: ApiDeps) {
  const { config, redis, log } = deps;
  const ctx: ApiContext = {
    ...deps,
    eds: deps.eds ?? stepServices(config),
    applications: new Applications(redis),
    accounts: new Accounts(redis, {
      keySecret: config.APPLICANT_KEY_SECRET,
      sessionTtlSeconds: config.PORTAL_SESSION_TTL_S,
      challengeTtlSeconds: config.PORTAL_CHALLENGE_TTL_S,
      maxFailures: config.LOGIN_MAX_FAILURES,
      clientMaxFailures: config.LOGIN_CLIENT_MAX_FAILURES,
      failureWindowSeconds: config.LOGIN_FAILURE_WINDOW_S,
    }),
    audit: new Audit(redis, log),
    trays: new Trays(redis),
    submissions: new SubmissionLimits(redis, {
      perAccountPerDay: config.SUBMISSIONS_PER_ACCOUNT_PER_DAY,
      perCentrePerHour: config.SUBMISSIONS_PER_CENTRE_PER_HOUR,
    }),
    regulation: config.regulation,
    publicUrl: config.API_PUBLIC_URL ?? '',
  };
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  if (deps.metrics) app.use(httpMetrics(deps.metrics));
  app.use(helmet());

  app.use((req, res, next) => {
    const started = Date.now();
    res.setHeader('Cache-Control', 'no-store');
    res.on('finish', () => {
      log.info(
        {
          event: 'http',
          method: req.method,
          path: req.path.replace(ID, ':id').slice(0, 200),
          status: res.statusCode,
          ms: Date.now() - started,
          actor: actorOf(caller(res)),
        },
        'request',
      );
    });
    next();
  });
  // Who is calling comes from the Authorization header alone; a body is read only once the caller is
  // known (or for signing up and in), so an anonymous client cannot make the API take in 12 MB.
  app.use(authenticate(config.serviceCentres, ctx.accounts));
  const json = (limit: string) => express.json({ limit, type: ['application/json', 'application/*+json'] });
  app.post('/applications', requireCaller(), json(APPLICATION_BODY_LIMIT));
  const small = json(BODY_LIMIT);
  app.use((req, res, next) => {
    if (caller(res) || OPEN_BODY_ROUTES.has(`${req.method} ${req.path}`)) return small(req, res, next);
    next();
  });

  app.use(applicationRoutes(ctx));
  // PORTAL_ENABLED=false: no portal accounts or sessions, so no portal request can be submitted.
  if (config.PORTAL_ENABLED) app.use(portalRoutes(ctx));
  app.use(stateCorporationRoutes(ctx));

  const openApi = openApiDocument(ctx.publicUrl);
  app.get('/openapi.json', (_req, res) => {
    res.json(openApi);
  });
  // Liveness only, for a load balancer in front of the public port; readiness and metrics are on the
  // operations port (src/cli/api.ts), which is not published.
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  app.use((_req, res) => problem(res, 404, 'not-found', API_MESSAGES.noSuchRoute));

  app.use((err: Error & { type?: string; status?: number }, req: Request, res: Response, _next: NextFunction) => {
    if (res.headersSent) return;
    if (err.type === 'entity.parse.failed') return problem(res, 400, 'malformed-json', API_MESSAGES.malformedJson);
    if (err.type === 'entity.too.large')
      return problem(res, 413, 'too-large', tooLarge(APPLICATION_BODY_LIMIT, BODY_LIMIT));
    if (err.type === 'encoding.unsupported' || err.type === 'charset.unsupported')
      return problem(res, 415, 'unsupported-encoding', API_MESSAGES.unsupportedEncoding);
    if (err instanceof URIError) return problem(res, 400, 'bad-request', API_MESSAGES.badAddress);
    if (err.status && err.status >= 400 && err.status < 500)
      return problem(res, err.status, 'bad-request', API_MESSAGES.unreadable);
    if (err instanceof UnreadableRecordError) {
      logUnreadable(log, err);
      return problem(res, 503, 'record-unreadable', API_MESSAGES.recordUnreadable);
    }
    log.error({ event: 'http-error', method: req.method, err: err.message }, 'request failed');
    problem(res, 503, 'unavailable', API_MESSAGES.unavailable);
  });

  return app;
}
