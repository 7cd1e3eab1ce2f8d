import { Router } from 'express';
import type { ApiContext } from '../context.js';
import { actorOf, caller, requireCaller, type Caller } from '../auth.js';
import { receiptPage } from '../receipt.js';
import { applicationIdSchema, applicationSchema, toDossier } from '../schemas.js';
import { statusView } from '../status.js';
import type { ApplicationList, ApplicationStatusView, Submitted } from '../responses.js';
import { logUnreadable, problem, validate } from '../respond.js';
import { API_MESSAGES, tooManySubmissions } from '../../domain/messages.js';
import type { ApplicationRecord } from '../../store/applications.js';

/** §10 and §12 intake, and §16 status: each caller sees only their own (an operator: their centre's). */
export function applicationRoutes(ctx: ApiContext): Router {
  const router = Router();

  /** The caller's application, or null: another's is as unknown as a missing one (404, never 403). */
  async function own(c: Caller, id: string): Promise<ApplicationRecord | null> {
    if (!applicationIdSchema.safeParse(id).success) return null;
    // The owner first: another caller gets the 404 of an unknown id, never a damaged record's 503 or its alert.
    if ((await ctx.applications.owner(id)) !== c.owner) return null;
    return ctx.applications.get(id);
  }

  router.post('/applications', requireCaller(), async (req, res) => {
    if (!req.is(['application/json', 'application/*+json']))
      return problem(res, 415, 'unsupported-media-type', API_MESSAGES.applicationAsJson);
    const input = validate(res, applicationSchema, req.body, API_MESSAGES.applicationInvalid);
    if (!input) return;
    const c = caller(res)!;
    const channel = c.kind === 'operator' ? 'state-corporation' : 'portal';
    if (input.channel && input.channel !== channel)
      return problem(res, 422, 'validation-failed', API_MESSAGES.applicationInvalid, {
        errors: [{ field: 'channel', message: `this credential submits through the ${channel} channel` }],
      });
    if (c.kind === 'operator' && input.consent.signedFormTaken !== true) {
      return problem(res, 422, 'consent-missing', API_MESSAGES.consentMissing, {
        errors: [
          {
            field: 'consent.signedFormTaken',
            message:
              'record that the applicant’s signed consent form (§11) was taken: the provider cannot ask the state registers without it',
          },
        ],
      });
    }
    if (c.kind === 'applicant' && input.intake)
      return problem(res, 422, 'validation-failed', API_MESSAGES.applicationInvalid, {
        errors: [{ field: 'intake', message: 'home visits and queue tickets are recorded by the State Corporation' }],
      });
    const clientKey = req.get('Idempotency-Key');
    if (clientKey !== undefined && !/^[\w-]{8,128}$/.test(clientKey))
      return problem(res, 400, 'bad-idempotency-key', API_MESSAGES.badIdempotencyKey);
    const place = await ctx.submissions.take(c.owner);
    if (!place.ok) {
      res.set('Retry-After', String(place.retryAfterSeconds));
      return problem(
        res,
        429,
        'too-many-submissions',
        c.kind === 'operator'
          ? tooManySubmissions('centre', ctx.config.SUBMISSIONS_PER_CENTRE_PER_HOUR)
          : tooManySubmissions('account', ctx.config.SUBMISSIONS_PER_ACCOUNT_PER_DAY),
        { retryAfterSeconds: place.retryAfterSeconds },
      );
    }
    const acceptedBy =
      c.kind === 'operator'
        ? { centre: c.centre.id, centreName: c.centre.name, operator: c.operator, ...input.intake }
        : undefined;
    const { id, created } = await ctx.intake.submit(
      toDossier(input, channel, c.kind === 'operator' ? c.centre.id : undefined),
      {
        owner: c.owner,
        clientKey,
        acceptedBy,
        fileRetentionSeconds: ctx.config.FILE_COPY_RETENTION_DAYS * 86_400,
      },
    );
    if (!created) await ctx.submissions.giveBack(c.owner);
    await ctx.audit.record([{ actor: actorOf(c), action: 'create', applicationId: id }]);
    const statusUrl = `${ctx.publicUrl}/applications/${id}`;
    res
      .status(202)
      .location(statusUrl)
      .json({ id, status: created ? 'received' : 'duplicate', statusUrl } satisfies Submitted);
  });

  router.get('/applications', requireCaller(), async (_req, res) => {
    const c = caller(res)!;
    const { records, unreadable } = await ctx.applications.listOwned(c.owner);
    for (const { error } of unreadable) logUnreadable(ctx.log, error);
    await ctx.audit.record(records.map((r) => ({ actor: actorOf(c), action: 'list' as const, applicationId: r.id })));
    res.json({
      applications: records.map((r) => ({
        id: r.id,
        channel: r.channel,
        status: r.status,
        receivedAt: r.createdAt,
        registrationNumber: r.results.registration?.number ?? null,
        statusUrl: `${ctx.publicUrl}/applications/${r.id}`,
      })),
      // Listed, not hidden: the owner can quote the id; its own status answers 503 until the record is repaired.
      unreadable: unreadable.map(({ id }) => ({ id, statusUrl: `${ctx.publicUrl}/applications/${id}` })),
    } satisfies ApplicationList);
  });

  router.get('/applications/:id', requireCaller(), async (req, res) => {
    const c = caller(res)!;
    const record = await own(c, String(req.params.id));
    if (!record) return problem(res, 404, 'not-found', API_MESSAGES.applicationNotFound);
    await ctx.audit.record([{ actor: actorOf(c), action: 'read', applicationId: record.id }]);
    const view = await statusView(record, ctx.engine, ctx.regulation, c.kind === 'operator' ? 'staff' : 'applicant');
    res.json(
      (c.kind === 'operator'
        ? { ...view, acceptedBy: record.acceptedBy ?? null }
        : view) satisfies ApplicationStatusView,
    );
  });

  router.get('/applications/:id/receipt', requireCaller('operator'), async (req, res) => {
    const c = caller(res)!;
    const record = await own(c, String(req.params.id));
    const receipt = record?.results.receipt;
    if (!record || !receipt) return problem(res, 404, 'not-found', API_MESSAGES.receiptNotFound);
    await ctx.audit.record([{ actor: actorOf(c), action: 'read-receipt', applicationId: record.id }]);
    res.type('html').send(receiptPage(record.id, record.dossier.applicant.fullName, receipt));
  });

  return router;
}
