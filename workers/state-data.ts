import { z } from 'zod';
import { almatyDate } from '../src/domain/almaty.js';
import { reroutedNote } from '../src/domain/districts.js';
import { applicationDays, rulesInForce } from '../src/domain/editions.js';
import {
  answerSchema,
  civilQuestion,
  confirmFamily,
  incomePeriod,
  questions,
  registeredDistrict,
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
 * §1: once the address register names the district of the applicant's permanent registration, that
 * district's department handles the case: the `district` variable (the commission's candidate group)
 * and the application's record change here, in the step's own transaction, and every later step reads
 * them. The registration number keeps the declared district's code it was given at step 1.
 */
export default defineWorker({
  topic: 'state-data',
  title: 'Fetch the data from state information systems (§11)',
  outputs: {
    stateDataDifferences: 'how many declared figures the registers changed',
    stateDataFindings: 'how many findings the commission must see',
    district: "the district whose department handles the case: the applicant's registered one (§1)",
  },
  input: z.object({ receivedAt: z.string().min(1) }),
  lockDurationMs: 60_000,
  async handle(ctx) {
    const dossier = await ctx.effects.dossier();
    const gateway = ctx.services.stateGateway();
    const { createdAt } = await ctx.effects.application();
    const { rules } = rulesInForce(ctx.settings.rules, applicationDays(createdAt, ctx.now()));
    const period = incomePeriod(ctx.variables.receivedAt, rules.incomePeriodMonths);
    const ask = async ({ person, iin, source }: ReturnType<typeof questions>[number]) => {
      const { result } = await ctx.effects.askOnce(`state-data:${source}:${person}`, answerSchema(source), async () => {
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
    const declared = dossier.address.district;
    const district = registeredDistrict(answers) ?? declared;
    const route = district !== declared ? { district, declaredDistrict: declared } : undefined;
    const { result } = await ctx.effects.record(
      'stateData',
      { askedAt: ctx.now().toISOString(), period, answers, verification },
      {
        audit: [
          ...verification.differences.map((d) => ({
            action: 'state-data-difference',
            detail: d.personal
              ? `${d.field} differs (${d.source})`
              : `${d.field}: declared ${d.declared}, ${d.source} register ${d.verified}`,
          })),
          ...(route ? [{ action: 'rerouted', detail: reroutedNote(declared, district) }] : []),
        ],
        route,
      },
    );
    if (route) ctx.log.info({ event: 'application-rerouted', from: declared, to: district }, 'application re-routed');
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
      district,
    };
  },
});
