import { Router, type Request, type Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { ApiContext } from '../context.js';
import { actorOf, applicantActor, callerOf, requireCaller } from '../auth.js';
import { problem, validate } from '../respond.js';
import { accountSchema, sessionSchema } from '../schemas.js';

/** The portal side (§12, §13, §14, §16): accounts, sessions (process 1, condition 1), the personal cabinet. */
export function portalRoutes(ctx: ApiContext): Router {
  const router = Router();
  const loginLimit = rateLimit({
    windowMs: 60_000,
    limit: ctx.config.LOGIN_RATE_PER_MINUTE,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_req: Request, res: Response) =>
      problem(res, 429, 'too-many-requests', 'too many sign-in attempts from this address; wait a minute'),
  });

  router.post('/portal/accounts', loginLimit, async (req, res) => {
    const input = validate(res, accountSchema, req.body, 'the account has invalid fields');
    if (!input) return;
    if (!(await ctx.accounts.register(input.iin, input.password)))
      return problem(res, 409, 'account-exists', 'an account with this IIN exists: sign in');
    res.status(201).json({ status: 'registered' });
  });

  router.post('/portal/sessions', loginLimit, async (req, res) => {
    const input = validate(res, sessionSchema, req.body, 'send iin and password');
    if (!input) return;
    const result = await ctx.accounts.signIn(input.iin, input.password);
    if (result.ok) {
      ctx.log.info({ event: 'sign-in', actor: applicantActor(result.applicantKey) }, 'applicant signed in');
      return res.status(201).json({ token: result.token, expiresAt: result.expiresAt });
    }
    ctx.log.warn({ event: 'sign-in-refused', reason: result.reason }, 'sign-in refused');
    if (result.reason === 'locked') {
      res.set('Retry-After', String(result.retryAfterSeconds));
      return problem(res, 423, 'account-locked', 'too many failed attempts: the account is locked for a while', {
        retryAfterSeconds: result.retryAfterSeconds,
      });
    }
    problem(res, 401, 'invalid-credentials', 'the IIN or the password is wrong');
  });

  router.delete('/portal/sessions/current', requireCaller('applicant'), async (_req, res) => {
    await ctx.accounts.signOut(callerOf(res, 'applicant').token);
    res.status(204).end();
  });

  router.get('/cabinet', requireCaller('applicant'), async (_req, res) => {
    const c = callerOf(res, 'applicant');
    const messages = await ctx.trays.cabinet(c.applicantKey);
    await ctx.audit.record(
      [...new Set(messages.map((m) => m.applicationId))].map((applicationId) => ({
        actor: actorOf(c),
        action: 'read-cabinet' as const,
        applicationId,
      })),
    );
    res.json({ messages });
  });

  router.get('/provider-certificate', (_req, res) => {
    if (!ctx.config.provider) return problem(res, 404, 'not-configured', 'no provider certificate is configured');
    res.type('application/x-pem-file').send(ctx.config.provider.certificatePem);
  });

  return router;
}
