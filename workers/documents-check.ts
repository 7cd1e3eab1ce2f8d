import { almatyDate } from '../src/domain/almaty.js';
import { checkDossierDocuments, checkDossierFiles, MAX_FILE_BYTES } from '../src/domain/documents.js';
import { documentsRefusal } from '../src/domain/messages.js';
import { defineWorker, senderAccount } from '../src/runtime/worker.js';
import type { CabinetMessage } from '../src/domain/trays.js';

/**
 * Condition 3 and process 6 (§12): the attached documents against §9 of the Standard — every required
 * one present and in force, none unknown, each an electronic copy that is readable within the limits.
 * Documents whose data the state supplies (§11) and an `application` file (the signed request is the
 * application) are kept if attached, but never checked nor a ground to refuse.
 */
export default defineWorker({
  topic: 'documents-check',
  title: 'Check the documents against §9 of the Standard (condition 3)',
  outputs: {
    documentsConform: 'the attached documents conform to §9 of the Standard',
  },
  async handle(ctx) {
    const dossier = await ctx.effects.submitted();
    const check = checkDossierDocuments(dossier, almatyDate(ctx.now()));
    const files = checkDossierFiles(dossier, MAX_FILE_BYTES);
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
