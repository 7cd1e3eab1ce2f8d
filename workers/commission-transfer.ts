import { defineWorker } from '../src/runtime/worker.js';

/** Step 3 (§10, 2 days): the responsible specialist passes the case to the commission. */
export default defineWorker({
  topic: 'commission-transfer',
  variables: ['registrationNumber', 'responsibleSpecialist'],
  async handle(ctx) {
    await ctx.record('transfer', {
      caseNumber: ctx.variables.registrationNumber,
      by: ctx.variables.responsibleSpecialist,
      transferredAt: ctx.now().toISOString(),
    });
  },
});
