import { Router } from 'express';
import type { ApiContext } from '../context.js';
import { actorOf, caller, requireCaller } from '../auth.js';
import { problem } from '../respond.js';
import { applicationIdSchema } from '../schemas.js';
import { handedOverKey, outTrayKey, type OutTrayItem } from '../../store/trays.js';

/** The State Corporation centre's out-tray (§10 step 6): what to hand to applicants, and the mark that it was. */
export function stateCorporationRoutes(ctx: ApiContext): Router {
  const router = Router();

  router.get('/out-tray', requireCaller('operator'), async (_req, res) => {
    const c = caller(res)!;
    if (c.kind !== 'operator') return;
    const [items, marks] = await Promise.all([ctx.redis.lrange(outTrayKey(c.centre.id), 0, -1), ctx.redis.hgetall(handedOverKey(c.centre.id))]);
    const tray = items.map((i) => JSON.parse(i) as OutTrayItem).map((item) => ({ ...item, handedOver: marks[item.applicationId] ? JSON.parse(marks[item.applicationId]) : null }));
    await ctx.audit.record([...new Set(tray.map((t) => t.applicationId))].map((applicationId) => ({ actor: actorOf(c), action: 'read' as const, applicationId })));
    res.json({ centre: c.centre.id, items: tray });
  });

  router.post('/out-tray/:id/handed-over', requireCaller('operator'), async (req, res) => {
    const c = caller(res)!;
    if (c.kind !== 'operator') return;
    const id = String(req.params.id);
    const items = applicationIdSchema.safeParse(id).success ? await ctx.redis.lrange(outTrayKey(c.centre.id), 0, -1) : [];
    const item = items.map((i) => JSON.parse(i) as OutTrayItem).find((i) => i.applicationId === id);
    if (!item) return problem(res, 404, 'not-found', "nothing for this application in the centre's out-tray");
    const mark = { at: new Date().toISOString(), operator: c.operator };
    const first = await ctx.redis.hsetnx(handedOverKey(c.centre.id), id, JSON.stringify(mark));
    const recorded = first ? mark : JSON.parse((await ctx.redis.hget(handedOverKey(c.centre.id), id))!);
    await ctx.audit.record([{ actor: actorOf(c), action: 'hand-over', applicationId: id }]);
    if (item.kind === 'notification') await ctx.intake.handedOver(id);
    res.status(first ? 201 : 200).json({ applicationId: id, handedOver: recorded });
  });

  return router;
}
