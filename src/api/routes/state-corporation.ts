import { Router } from 'express';
import type { ApiContext } from '../context.js';
import { actorOf, callerOf, requireCaller } from '../auth.js';
import { problem } from '../respond.js';
import { applicationIdSchema } from '../schemas.js';

/** The State Corporation centre's out-tray (§10 step 6): what to hand to applicants, and the mark that it was. */
export function stateCorporationRoutes(ctx: ApiContext): Router {
  const router = Router();

  router.get('/out-tray', requireCaller('operator'), async (_req, res) => {
    const c = callerOf(res, 'operator');
    const tray = await ctx.trays.outTray(c.centre.id);
    await ctx.audit.record([...new Set(tray.map((t) => t.applicationId))].map((applicationId) => ({ actor: actorOf(c), action: 'read' as const, applicationId })));
    res.json({ centre: c.centre.id, items: tray });
  });

  // Step 6's 15 minutes start here: the employee calls the applicant to the desk, or the e-queue calls their ticket.
  router.post('/out-tray/:id/at-desk', requireCaller('operator'), async (req, res) => {
    const c = callerOf(res, 'operator');
    const id = String(req.params.id);
    const marked = applicationIdSchema.safeParse(id).success ? await ctx.trays.mark('at-desk', c.centre.id, id, c.operator) : null;
    if (!marked) return problem(res, 404, 'not-found', "nothing for this application in the centre's out-tray");
    await ctx.audit.record([{ actor: actorOf(c), action: 'at-desk', applicationId: id }]);
    if (marked.item.kind === 'notification' && marked.first) await ctx.intake.desk('at-desk', id);
    res.status(marked.first ? 201 : 200).json({ applicationId: id, atDesk: marked.mark });
  });

  router.post('/out-tray/:id/handed-over', requireCaller('operator'), async (req, res) => {
    const c = callerOf(res, 'operator');
    const id = String(req.params.id);
    const valid = applicationIdSchema.safeParse(id).success;
    // A hand-over without the at-desk mark: the applicant was at the desk at that moment.
    const atDesk = valid ? await ctx.trays.mark('at-desk', c.centre.id, id, c.operator) : null;
    const marked = atDesk ? await ctx.trays.mark('handed-over', c.centre.id, id, c.operator) : null;
    if (!atDesk || !marked) return problem(res, 404, 'not-found', "nothing for this application in the centre's out-tray");
    await ctx.audit.record([{ actor: actorOf(c), action: 'hand-over', applicationId: id }]);
    if (marked.item.kind === 'notification') {
      if (atDesk.first) await ctx.intake.desk('at-desk', id);
      await ctx.intake.desk('handed-over', id);
    }
    res.status(marked.first ? 201 : 200).json({ applicationId: id, handedOver: marked.mark });
  });

  return router;
}
