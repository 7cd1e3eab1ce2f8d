import { signedContent } from '../src/domain/application.js';
import { edsRefusal } from '../src/domain/messages.js';
import type { CabinetMessage } from '../src/domain/trays.js';
import { defineWorker, senderAccount } from '../src/runtime/worker.js';

/** Condition 2 and process 4 (§12): the EDS over the request and its certificate. */
export default defineWorker({
  topic: 'eds-check',
  title: 'Check the EDS certificate (condition 2)',
  outputs: {
    edsValid: 'the EDS over the request is confirmed',
  },
  async handle(ctx) {
    // The request exactly as signed, electronic copies included.
    const dossier = await ctx.effects.submitted();
    const now = ctx.now();
    const problems = await ctx.services.checkEds({
      content: signedContent(dossier),
      cms: dossier.signature?.cms,
      applicantIin: dossier.applicant.iin,
      now,
    });
    const edsValid = problems.length === 0;
    if (edsValid) {
      await ctx.effects.record('eds', { edsValid, problems });
    } else {
      const reason = edsRefusal(problems);
      const message: CabinetMessage = {
        applicationId: ctx.applicationId,
        kind: 'refusal',
        at: now.toISOString(),
        text: reason,
      };
      await ctx.effects.record(
        'eds',
        { edsValid, problems, reason },
        { status: 'eds-refused', toCabinet: { account: await senderAccount(ctx.effects), message } },
      );
    }
    return { edsValid };
  },
});
