import { Router, type Request, type Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { ApiContext } from '../context.js';
import { actorOf, applicantActor, callerOf, requireCaller } from '../auth.js';
import { withAlmaty } from '../almaty-times.js';
import { problem, validate } from '../respond.js';
import { API_MESSAGES } from '../../domain/messages.js';
import { accountSchema, sessionSchema } from '../schemas.js';
import type { Cabinet, Challenge, PasswordSet, SessionToken } from '../responses.js';
import { isDistrict } from '../../domain/districts.js';

/** The portal side (§12, §13, §14, §16): accounts, sessions (process 1, condition 1), the personal cabinet. */
export function portalRoutes(ctx: ApiContext): Router {
  const router = Router();
  const loginLimit = rateLimit({
    windowMs: 60_000,
    limit: ctx.config.LOGIN_RATE_PER_MINUTE,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_req: Request, res: Response) => problem(res, 429, 'too-many-requests', API_MESSAGES.tooManySignIns),
  });

  router.post('/portal/challenges', loginLimit, async (_req, res) => {
    res.status(201).json((await ctx.accounts.challenge()) satisfies Challenge);
  });

  // Registration and password reset are one: whoever signs a fresh challenge with the EDS of the IIN
  // sets its password. The answer is the same whether the IIN had an account or not.
  router.post('/portal/accounts', loginLimit, async (req, res) => {
    const input = validate(res, accountSchema, req.body, API_MESSAGES.accountInvalid);
    if (!input) return;
    if (!(await ctx.accounts.takeChallenge(input.challenge)))
      return problem(res, 422, 'challenge-invalid', API_MESSAGES.challengeInvalid, {
        errors: [{ field: 'challenge', message: 'unknown, used or expired' }],
      });
    const problems = await ctx.eds.checkEds({
      content: input.challenge,
      cms: input.signature.cms,
      applicantIin: input.iin,
      now: new Date(),
    });
    if (problems.length > 0) {
      ctx.log.warn({ event: 'account-signature-refused', problems }, 'account signature refused');
      return problem(res, 422, 'signature-refused', API_MESSAGES.signatureRefused, { problems });
    }
    await ctx.accounts.setPassword(input.iin, input.password, req.ip ?? '');
    const { en, kk, ru } = API_MESSAGES.passwordSet;
    res.status(200).json({ status: 'password-set', message: en, text: { kk, ru } } satisfies PasswordSet);
  });

  router.post('/portal/sessions', loginLimit, async (req, res) => {
    const input = validate(res, sessionSchema, req.body, API_MESSAGES.sendIinAndPassword);
    if (!input) return;
    const result = await ctx.accounts.signIn(input.iin, input.password, req.ip ?? '');
    if (result.ok) {
      ctx.log.info({ event: 'sign-in', actor: applicantActor(result.applicantKey) }, 'applicant signed in');
      return res.status(201).json({ token: result.token, expiresAt: result.expiresAt } satisfies SessionToken);
    }
    ctx.log.warn({ event: 'sign-in-refused', reason: result.reason }, 'sign-in refused');
    if (result.reason === 'slow-down') {
      res.set('Retry-After', String(result.retryAfterSeconds));
      return problem(res, 429, 'slow-down', API_MESSAGES.slowDown, {
        retryAfterSeconds: result.retryAfterSeconds,
      });
    }
    problem(res, 401, 'invalid-credentials', API_MESSAGES.invalidCredentials);
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
    res.json({ messages: messages.map((m) => withAlmaty(m, 'at', 'readyBy')) } satisfies Cabinet);
  });

  // §14: the certificate a district's results are signed with, to verify them by (the CMS carries it too).
  router.get('/provider-certificates/:district', (req, res) => {
    const district = String(req.params.district);
    const signer = isDistrict(district) ? ctx.config.providerSigners?.[district] : undefined;
    if (!signer) return problem(res, 404, 'not-found', API_MESSAGES.certificateNotFound);
    res.type('application/x-pem-file').send(signer.certificatePem);
  });

  return router;
}
