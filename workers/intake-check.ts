import { checkDocuments } from '../src/domain/documents.js';
import { defineWorker } from '../src/runtime/worker.js';

/** A1 (§10, 15 minutes) and §11: the State Corporation employee accepts the §9 documents or refuses them. */
export default defineWorker({
  topic: 'intake-check',
  async handle(ctx) {
    const dossier = await ctx.dossier();
    const check = checkDocuments(dossier.documents, {
      tenure: dossier.household.tenure,
      claimsTelecom: dossier.housingCosts.communication > 0,
    }, ctx.now().toISOString().slice(0, 10));
    const { result } = await ctx.record('intake', { ...check, checkedAt: ctx.now().toISOString() });
    return { documentsComplete: result.complete };
  },
});
