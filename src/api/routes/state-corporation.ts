import { Router, type Request, type Response } from 'express';
import type { DeskMark } from '../../domain/trays.js';
import type { ApiContext } from '../context.js';
import { actorOf, callerOf, requireCaller } from '../auth.js';
import { withAlmaty } from '../almaty-times.js';
import { API_MESSAGES } from '../../domain/messages.js';
import { problem } from '../respond.js';
import { applicationIdSchema } from '../schemas.js';
import type { AtDesk, HandedOver, OutTray } from '../responses.js';

/** The State Corporation centre's out-tray (§6 step 6 / §10 7)): what to hand to applicants, and the mark that it was. */
export function stateCorporationRoutes(ctx: ApiContext): Router {
  const router = Router();

  router.get('/out-tray', requireCaller('operator'), async (_req, res) => {
    const c = callerOf(res, 'operator');
    const tray = await ctx.trays.outTray(c.centre.id);
    await ctx.audit.record(
      [...new Set(tray.map((t) => t.applicationId))].map((applicationId) => ({
        actor: actorOf(c),
        action: 'read' as const,
        applicationId,
      })),
    );
    const items = tray.map((t) => ({
      ...withAlmaty(t, 'at'),
      atDesk: t.atDesk && withAlmaty(t.atDesk, 'at'),
      handedOver: t.handedOver && withAlmaty(t.handedOver, 'at'),
    }));
    res.json({ centre: c.centre.id, items } satisfies OutTray);
  });

  /**
   * Step 6's marks, once each: `at-desk` starts the employee's 15 minutes (the employee calls the
   * applicant, or the e-queue calls their ticket); `handed-over` ends them, and marks the applicant at
   * the desk too when nobody did. The process gets each in turn.
   */
  const desk =
    (kinds: DeskMark[], action: 'at-desk' | 'hand-over', field: 'atDesk' | 'handedOver') =>
    async (req: Request, res: Response) => {
      const c = callerOf(res, 'operator');
      const id = String(req.params.id);
      const marks = [];
      for (const kind of applicationIdSchema.safeParse(id).success ? kinds : []) {
        const marked = await ctx.trays.mark(kind, c.centre.id, id, c.operator);
        if (!marked) break;
        marks.push({ kind, ...marked });
      }
      const last = marks.at(-1);
      if (!last || marks.length < kinds.length) return problem(res, 404, 'not-found', API_MESSAGES.outTrayNotFound);
      await ctx.audit.record([{ actor: actorOf(c), action, applicationId: id }]);
      if (last.item.kind === 'notification') {
        // The process passes the desk once; a repeated hand-over is passed again (it finds the process done).
        for (const m of marks) if (m.first || m.kind === 'handed-over') await ctx.intake.desk(m.kind, id);
      }
      const mark = withAlmaty(last.mark, 'at');
      res
        .status(last.first ? 201 : 200)
        .json(
          (field === 'atDesk'
            ? { applicationId: id, atDesk: mark }
            : { applicationId: id, handedOver: mark }) satisfies AtDesk | HandedOver,
        );
    };
  router.post('/out-tray/:id/at-desk', requireCaller('operator'), desk(['at-desk'], 'at-desk', 'atDesk'));
  router.post(
    '/out-tray/:id/handed-over',
    requireCaller('operator'),
    desk(['at-desk', 'handed-over'], 'hand-over', 'handedOver'),
  );

  return router;
}
