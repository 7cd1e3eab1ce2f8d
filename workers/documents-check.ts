import { checkDossierDocuments, checkFiles, MAX_FILE_BYTES } from '../src/domain/documents.js';
import { documentsRefusal } from '../src/domain/messages.js';
import { defineWorker, senderAccount } from '../src/runtime/worker.js';
import type { CabinetMessage } from '../src/domain/trays.js';

/**
 * Condition 3 and process 6 (§12): the attached documents against §9 of the Standard — every required
 * one present and in force, none unknown, each an electronic copy that is readable within the limits.
 */
export default defineWorker({
  topic: 'documents-check',
  title: 'Check the documents against §9 of the Standard (condition 3)',
  outputs: {
    documentsConform: 'the attached documents conform to §9 of the Standard',
  },
  async handle(ctx) {
    const dossier = await ctx.effects.submitted();
    const check = checkDossierDocuments(dossier, ctx.now().toISOString().slice(0, 10));
    const files = checkFiles(dossier.documents, MAX_FILE_BYTES);
    const documentsConform = check.complete && check.unknown.length === 0 && files.length === 0;
    if (documentsConform) {
      await ctx.effects.record('documents', { ...check, files, documentsConform });
    } else {
      const reason = documentsRefusal({ ...check, files });
      const message: CabinetMessage = {
        applicationId: ctx.applicationId,
        kind: 'refusal',
        at: ctx.now().toISOString(),
        text: reason,
      };
      await ctx.effects.record(
        'documents',
        { ...check, files, documentsConform, reason },
        {
          status: 'documents-refused',
          toCabinet: { account: await senderAccount(ctx.effects), message },
        },
      );
    }
    return { documentsConform };
  },
});
