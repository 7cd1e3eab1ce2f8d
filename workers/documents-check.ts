import { checkDocuments } from '../src/domain/documents.js';
import { documentsRefusal } from '../src/domain/messages.js';
import { defineWorker } from '../src/runtime/worker.js';
import { applicantKey } from '../src/store/applications.js';
import { cabinetKey, type CabinetMessage } from '../src/store/trays.js';

/** Condition 3 and process 6 (§14): the attached documents against §9 of the Standard. */
export default defineWorker({
  topic: 'documents-check',
  async handle(ctx) {
    const dossier = await ctx.dossier();
    const check = checkDocuments(dossier.documents, {
      tenure: dossier.household.tenure,
      claimsTelecom: dossier.housingCosts.communication > 0,
    }, ctx.now().toISOString().slice(0, 10));
    const documentsConform = check.complete && check.unknown.length === 0;
    if (documentsConform) {
      await ctx.record('documents', { ...check, documentsConform });
    } else {
      const reason = documentsRefusal(check);
      const message: CabinetMessage = { applicationId: ctx.applicationId, kind: 'refusal', at: ctx.now().toISOString(), text: reason };
      await ctx.record('documents', { ...check, documentsConform, reason }, {
        status: 'documents-refused',
        append: [{ key: cabinetKey(applicantKey(dossier.applicant.iin)), item: message }],
      });
    }
    return { documentsConform };
  },
});
