import { z } from 'zod';
import { almatyDate } from '../src/domain/almaty.js';
import {
  civilQuestion,
  confirmFamily,
  incomePeriod,
  questions,
  verify,
  withinFamily,
  type Answer,
  type StateAnswers,
} from '../src/domain/state-data.js';
import { defineWorker } from '../src/runtime/worker.js';

/**
 * §11, inside step 3 (its 2 days): the provider fetches identity, rights to housing, the address, the
 * incomes and the unemployed status from the state registers through the e-government gateway. The
 * civil registry goes first: only members whose relation it confirms are asked about at all. Each
 * answer is asked once per task (a redelivery or a Cockpit retry reads it back); a register that keeps
 * failing fails the task, and after the retries an incident names it. Verified figures replace the
 * declared ones; every difference goes to the audit stream and, with the findings, to the case sheet.
 */
export default defineWorker({
  topic: 'state-data',
  title: 'Fetch the data from state information systems (§11)',
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
    const ask = async ({ person, iin, source }: ReturnType<typeof questions>[number]) => {
      const { result } = await ctx.effects.askOnce(`state-data:${source}:${person}`, async () => {
        const answer = await gateway.ask({
          source,
          iin,
          period,
          requestId: `${ctx.applicationId}/${source}/${person}`,
        });
        // The applicant's civil records name relatives the application does not: keep only the declared ones.
        return source === 'civil-registry' ? withinFamily(dossier, answer as Answer<'civil-registry'>) : answer;
      });
      return { person, source, answer: result };
    };
    const civil = await ask(civilQuestion(dossier));
    const family = confirmFamily(dossier, civil.answer as Answer<'civil-registry'>);
    const asked = await Promise.allSettled(questions(dossier, family).map(ask));
    const failed = asked.find((a) => a.status === 'rejected');
    if (failed) throw failed.reason;
    const answers: StateAnswers = [
      civil,
      ...asked.map((a) => (a as PromiseFulfilledResult<StateAnswers[number]>).value),
    ];
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
