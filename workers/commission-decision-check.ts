import { z } from 'zod';
import { almatyDate, checkCommissionDecision } from '../src/domain/commission.js';
import { defineWorker } from '../src/runtime/worker.js';

/**
 * Step 4 (§10), after the commission's user task: what a person entered must hold before anyone is
 * notified. When it does not, the task goes back to the commission with the reasons; when it does,
 * it is the decision, with the minutes and who entered it.
 */
export default defineWorker({
  topic: 'commission-decision-check',
  title: "Check the commission's decision (step 4)",
  clause: '§10 step 4',
  outputs: {
    commissionDecisionValid: 'the decision holds',
    commissionProblem: 'why it does not, shown on top of the form',
    decision: 'assigned or refused',
  },
  // People's entries are checked by the rule below, never rejected as a technical failure.
  input: z.object({
    commissionOutcome: z.unknown().optional(),
    commissionAmount: z.unknown().optional(),
    commissionGround: z.unknown().optional(),
    amountReason: z.unknown().optional(),
    minutesNumber: z.unknown().optional(),
    minutesDate: z.unknown().optional(),
    commissionDecidedBy: z.string().nullish(),
  }),
  async handle(ctx) {
    const sheet = await ctx.effects.stepResult('caseSheet');
    if (!sheet) throw new Error('the commission decided before its case sheet was recorded');
    const v = ctx.variables;
    const check = checkCommissionDecision(
      {
        outcome: v.commissionOutcome,
        amount: v.commissionAmount,
        ground: v.commissionGround,
        amountReason: v.amountReason,
        minutesNumber: v.minutesNumber,
        minutesDate: v.minutesDate,
      },
      sheet,
      ctx.settings.regulation.refusalGrounds.map((g) => g.id),
      almatyDate(ctx.now()),
    );
    if (!check.valid) {
      ctx.log.info(
        { event: 'commission-decision-returned', problems: check.problems.length },
        'the decision does not hold; back to the commission',
      );
      return { commissionDecisionValid: false, commissionProblem: check.problems.join(' ') };
    }
    const { result } = await ctx.effects.record('decision', {
      ...check.decision,
      decidedAt: ctx.now().toISOString(),
      by: 'commission',
      minutes: check.minutes,
      decidedBy: v.commissionDecidedBy ?? null,
      ...(check.amountReason ? { amountReason: check.amountReason } : {}),
    });
    return { commissionDecisionValid: true, commissionProblem: '', decision: result.outcome };
  },
});
