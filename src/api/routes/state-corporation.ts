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

  router.post('/out-tray/:id/handed-over', requireCaller('operator'), async (req, res) => {
    const c = callerOf(res, 'operator');
    const id = String(req.params.id);
    const marked = applicationIdSchema.safeParse(id).success ? await ctx.trays.markHandedOver(c.centre.id, id, c.operator) : null;
    if (!marked) return problem(res, 404, 'not-found', "nothing for this application in the centre's out-tray");
    await ctx.audit.record([{ actor: actorOf(c), action: 'hand-over', applicationId: id }]);
    if (marked.item.kind === 'notification') await ctx.intake.handedOver(id);
    res.status(marked.first ? 201 : 200).json({ applicationId: id, handedOver: marked.mark });
  });

  return router;
}
