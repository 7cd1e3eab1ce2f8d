import { z } from 'zod';
import { defineWorker } from '../src/runtime/worker.js';

/** Step 3 (§10, 2 days): the responsible specialist passes the case to the commission. */
export default defineWorker({
  topic: 'commission-transfer',
  input: z.object({ registrationNumber: z.string(), responsibleSpecialist: z.string() }),
  async handle(ctx) {
    await ctx.record('transfer', {
      caseNumber: ctx.variables.registrationNumber,
      by: ctx.variables.responsibleSpecialist,
      transferredAt: ctx.now().toISOString(),
    });
  },
});
