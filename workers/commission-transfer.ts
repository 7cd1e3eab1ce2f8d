import { z } from 'zod';
import { defineWorker } from '../src/runtime/worker.js';

/** Step 3 (§10, 2 days): the responsible specialist passes the case to the commission. */
export default defineWorker({
  topic: 'commission-transfer',
  title: 'Pass the case to the commission (step 3)',
  input: z.object({ registrationNumber: z.string(), responsibleSpecialist: z.string() }),
  async handle(ctx) {
    await ctx.effects.record('transfer', {
      caseNumber: ctx.variables.registrationNumber,
      by: ctx.variables.responsibleSpecialist,
      transferredAt: ctx.now().toISOString(),
    });
  },
});
