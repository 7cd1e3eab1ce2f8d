import { z } from 'zod';
import { isValidIin } from '../src/domain/iin.js';
import { AUTHORIZATION_REFUSAL } from '../src/domain/messages.js';
import { defineWorker } from '../src/runtime/worker.js';
import { applicantKey } from '../src/store/applications.js';

/**
 * Condition 1 and process 2 (§14): the request must come from the registered applicant it names.
 * The portal session's holder travels as `submittedBy`, a key of their IIN (never the IIN itself).
 */
export default defineWorker({
  topic: 'portal-authorization',
  input: z.object({ submittedBy: z.string().nullable().optional() }),
  async handle(ctx) {
    const dossier = await ctx.dossier();
    const iin = dossier.applicant.iin;
    const authorized = isValidIin(iin) && ctx.variables.submittedBy === applicantKey(iin);
    await ctx.record(
      'authorization',
      authorized ? { authorized } : { authorized, reason: AUTHORIZATION_REFUSAL },
      authorized ? {} : { status: 'authorization-refused' },
    );
    return { authorized };
  },
});
