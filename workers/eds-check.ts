import { signedContent } from '../src/domain/application.js';
import { checkEds } from '../src/domain/eds.js';
import { edsRefusal } from '../src/domain/messages.js';
import { defineWorker } from '../src/runtime/worker.js';
import { applicantKey } from '../src/store/applications.js';
import { cabinetKey, type CabinetMessage } from '../src/store/trays.js';

/** Condition 2 and process 4 (§14): the EDS certificate and the signature over the request. */
export default defineWorker({
  topic: 'eds-check',
  async handle(ctx) {
    const dossier = await ctx.dossier();
    const problems = checkEds({
      content: signedContent(dossier),
      signature: dossier.signature,
      applicantIin: dossier.applicant.iin,
      now: ctx.now(),
      caCertificatePem: ctx.config.edsCaCertPem,
    });
    const edsValid = problems.length === 0;
    if (edsValid) {
      await ctx.record('eds', { edsValid, problems });
    } else {
      const reason = edsRefusal(problems);
      const message: CabinetMessage = { applicationId: ctx.applicationId, kind: 'refusal', at: ctx.now().toISOString(), text: reason };
      await ctx.record('eds', { edsValid, problems, reason }, {
        status: 'eds-refused',
        append: [{ key: cabinetKey(applicantKey(dossier.applicant.iin)), item: message }],
      });
    }
    return { edsValid };
  },
});
