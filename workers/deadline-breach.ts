import { z } from 'zod';
import { limitOf } from '../src/domain/regulation.js';
import { defineWorker } from '../src/runtime/worker.js';

/**
 * The regulation's time limits (§10 per step, §6 the 10 days): a non-interrupting timer fired; the
 * breach is recorded on the application and counted, and the process goes on. The limit is the
 * regulation's for the breached element (bpmn/regulation.yaml), not a copy carried by the diagram.
 */
export default defineWorker({
  topic: 'deadline-breach',
  title: 'Record the breach of a time limit',
  clause: '§6, §10',
  input: z.object({ breachedElement: z.string().min(1) }),
  async handle(ctx) {
    const element = ctx.variables.breachedElement;
    const limit = limitOf(ctx.settings.regulation, element);
    if (!limit)
      throw new Error(
        `breachedElement ${element} is neither a step with a time limit in the regulation nor the process ${ctx.settings.regulation.process}`,
      );
    const breach = { element, limit, recordedAt: ctx.now().toISOString() };
    await ctx.effects.recordBreach(breach);
    ctx.log.warn({ event: 'deadline-breach', element, limit }, 'a time limit of the regulation was breached');
  },
});
