import { isValidIin } from '../src/domain/iin.js';
import { AUTHORIZATION_REFUSAL } from '../src/domain/messages.js';
import { defineWorker } from '../src/runtime/worker.js';
import { applicantKey } from '../src/domain/iin.js';
import type { CabinetMessage } from '../src/domain/trays.js';

/**
 * Condition 1 and process 2 (§12): the request must come from the registered applicant it names.
 * The API signed the holder in and recorded their account key (never the IIN) as the application's
 * owner in Redis; a request naming another person's IIN is refused here.
 */
export default defineWorker({
  topic: 'portal-authorization',
  title: "Check the applicant's authorization (condition 1)",
  outputs: {
    authorized: 'the request comes from the registered applicant it names',
  },
  async handle(ctx) {
    const dossier = await ctx.effects.dossier();
    const { account } = await ctx.effects.application();
    const iin = dossier.applicant.iin;
    const authorized = isValidIin(iin) && account === applicantKey(iin, ctx.settings.APPLICANT_KEY_SECRET);
    if (authorized) await ctx.effects.record('authorization', { authorized });
    else {
      // Process 2: the account holder who sent it reads the refusal in their cabinet.
      const message: CabinetMessage = {
        applicationId: ctx.applicationId,
        kind: 'refusal',
        at: ctx.now().toISOString(),
        text: AUTHORIZATION_REFUSAL,
      };
      await ctx.effects.record(
        'authorization',
        { authorized, reason: AUTHORIZATION_REFUSAL },
        {
          status: 'authorization-refused',
          ...(account ? { toCabinet: { account, message } } : {}),
        },
      );
    }
    return { authorized };
  },
});
