import { readFileSync, statSync } from 'node:fs';
import type { X509Certificate, X509Crl } from '@peculiar/x509';
import { z } from 'zod';
import { signedContent } from '../src/domain/application.js';
import { assertCurrent, checkEds, trustedCrl } from '../src/domain/eds.js';
import { edsRefusal } from '../src/domain/messages.js';
import { defineWorker } from '../src/runtime/worker.js';
import { cabinetKey, type CabinetMessage } from '../src/store/trays.js';

/** The CA publishes a new CRL from time to time: read it again when the file changes. */
let cached: { file: string; mtimeMs: number; crl: X509Crl } | null = null;
async function currentCrl(file: string | undefined, ca: X509Certificate | undefined, now: Date): Promise<X509Crl | undefined> {
  if (!file || !ca) return undefined;
  const { mtimeMs } = statSync(file);
  if (cached?.file !== file || cached.mtimeMs !== mtimeMs) cached = { file, mtimeMs, crl: await trustedCrl(readFileSync(file), ca, now) };
  // An out-of-date list is the provider's fault, not the applicant's: it fails the task (retry, then an incident).
  assertCurrent(cached.crl, now);
  return cached.crl;
}

/** Condition 2 and process 4 (§12): the EDS over the request and its certificate. */
export default defineWorker({
  topic: 'eds-check',
  title: 'Check the EDS certificate (condition 2)',
  clause: '§12',
  outputs: {
    edsValid: 'the EDS over the request is confirmed',
  },
  input: z.object({ submittedBy: z.string().min(1) }),
  async handle(ctx) {
    // The request exactly as signed, electronic copies included.
    const dossier = await ctx.applications.submitted(ctx.applicationId);
    if (!dossier) throw new Error('application record missing');
    const now = ctx.now();
    const problems = await checkEds({
      content: Buffer.from(signedContent(dossier), 'utf8'),
      cms: dossier.signature?.cms,
      applicantIin: dossier.applicant.iin,
      now,
      ca: ctx.config.edsCa,
      crl: await currentCrl(ctx.config.EDS_CRL_FILE, ctx.config.edsCa, now),
    });
    const edsValid = problems.length === 0;
    if (edsValid) {
      await ctx.record('eds', { edsValid, problems });
    } else {
      const reason = edsRefusal(problems);
      const message: CabinetMessage = { applicationId: ctx.applicationId, kind: 'refusal', at: now.toISOString(), text: reason };
      await ctx.record('eds', { edsValid, problems, reason }, {
        status: 'eds-refused',
        append: [{ key: cabinetKey(ctx.variables.submittedBy), item: message }],
      });
    }
    return { edsValid };
  },
});
