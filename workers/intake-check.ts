import { almatyDate } from '../src/domain/almaty.js';
import { checkDossierDocuments } from '../src/domain/documents.js';
import { defineWorker } from '../src/runtime/worker.js';

/** A1 (§10, 15 minutes) and §11: the State Corporation employee accepts the §9 documents or refuses them. */
export default defineWorker({
  topic: 'intake-check',
  title: 'Accept the application and check the documents (A1)',
  outputs: {
    documentsComplete: 'the set of §9 documents is complete and none has expired',
  },
  async handle(ctx) {
    const dossier = await ctx.effects.dossier();
    const check = checkDossierDocuments(dossier, almatyDate(ctx.now()));
    const { result } = await ctx.effects.record('intake', { ...check, checkedAt: ctx.now().toISOString() });
    return { documentsComplete: result.complete };
  },
});
