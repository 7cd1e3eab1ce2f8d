import { familySize, periodIncome } from '../src/domain/application.js';
import { decide } from '../src/domain/eligibility.js';
import { defineWorker } from '../src/runtime/worker.js';

/** Step 4 (§10, 6 days): the commission assigns housing assistance or refuses, by the rules in configuration. */
export default defineWorker({
  topic: 'commission-decision',
  async handle(ctx) {
    const dossier = await ctx.dossier();
    const decision = decide(
      { ...dossier.household, members: familySize(dossier) },
      dossier.housingCosts,
      periodIncome(dossier),
      ctx.config.rules,
    );
    const { result } = await ctx.record('decision', { ...decision, decidedAt: ctx.now().toISOString() });
    return { decision: result.outcome };
  },
});
