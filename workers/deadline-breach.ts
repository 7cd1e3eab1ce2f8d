import { z } from 'zod';
import { defineWorker } from '../src/runtime/worker.js';

/**
 * The regulation's time limits (§10 per step, §6 the 10 days): a non-interrupting timer fired; the
 * breach is recorded on the application and counted, and the process goes on.
 */
export default defineWorker({
  topic: 'deadline-breach',
  title: 'Record the breach of a time limit',
  clause: '§6, §10',
  input: z.object({ breachedElement: z.string().min(1), limit: z.string().min(1) }),
  async handle(ctx) {
    const element = ctx.variables.breachedElement;
    const breach = { element, limit: ctx.variables.limit, recordedAt: ctx.now().toISOString() };
    await ctx.effects.recordBreach(breach);
    ctx.log.warn(
      { event: 'deadline-breach', element, limit: breach.limit },
      'a time limit of the regulation was breached',
    );
  },
});
