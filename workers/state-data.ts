import { z } from 'zod';
import { almatyDate } from '../src/domain/almaty.js';
import { incomePeriod, questions, verify, type StateAnswers } from '../src/domain/state-data.js';
import { defineWorker } from '../src/runtime/worker.js';

/**
 * §11, inside step 3 (its 2 days): the provider fetches identity, rights to housing, the address, the
 * incomes and the unemployed status from the state registers through the e-government gateway. Each
 * answer is asked once per task (a redelivery or a Cockpit retry reads it back); a register that keeps
 * failing fails the task, and after the retries an incident names it. Verified figures replace the
 * declared ones; every difference goes to the audit stream and, with the findings, to the case sheet.
 */
export default defineWorker({
  topic: 'state-data',
  title: 'Fetch the data from state information systems (§11)',
  clause: '§11',
  outputs: {
    stateDataDifferences: 'how many declared figures the registers changed',
    stateDataFindings: 'how many findings the commission must see',
  },
  input: z.object({ receivedAt: z.string().min(1) }),
  lockDurationMs: 60_000,
  async handle(ctx) {
    const dossier = await ctx.effects.dossier();
    const gateway = ctx.services.stateGateway();
    const period = incomePeriod(ctx.variables.receivedAt, ctx.settings.rules.incomePeriodMonths);
    const asked = await Promise.allSettled(
      questions(dossier).map(async ({ person, iin, source }) => {
        const { result } = await ctx.effects.askOnce(`state-data:${source}:${person}`, () =>
          gateway.ask({ source, iin, period, requestId: `${ctx.applicationId}/${source}/${person}` }),
        );
        return { person, source, answer: result };
      }),
    );
    const failed = asked.find((a) => a.status === 'rejected');
    if (failed) throw failed.reason;
    const answers: StateAnswers = asked.map((a) => (a as PromiseFulfilledResult<StateAnswers[number]>).value);
    const verification = verify(dossier, answers, almatyDate(ctx.now()));
    const { result } = await ctx.effects.record(
      'stateData',
      { askedAt: ctx.now().toISOString(), period, answers, verification },
      {
        audit: verification.differences.map((d) => ({
          action: 'state-data-difference',
          detail: d.personal
            ? `${d.field} differs (${d.source})`
            : `${d.field}: declared ${d.declared}, ${d.source} register ${d.verified}`,
        })),
      },
    );
    ctx.log.info(
      {
        event: 'state-data-verified',
        differences: result.verification.differences.map((d) => d.field),
        findings: result.verification.findings.length,
      },
      'state data verified',
    );
    return {
      stateDataDifferences: result.verification.differences.length,
      stateDataFindings: result.verification.findings.length,
    };
  },
});
