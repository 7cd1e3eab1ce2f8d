import { z } from 'zod';
import { almatyDate } from '../src/domain/almaty.js';
import { checkCommissionDecision, notByMember } from '../src/domain/commission.js';
import { applicationDays, groundsInForce } from '../src/domain/editions.js';
import { bilingual } from '../src/domain/messages.js';
import { defineWorker } from '../src/runtime/worker.js';

/**
 * Step 4 (§10), after the commission's user task: what a person entered must hold before anyone is
 * notified. The entry and who entered it come from the engine's history of that task (the request that
 * completed it), never from instance variables, which technical users can write; the district from the
 * application's record in Redis (the registered one once the state data re-routed it, §1). When it does not hold, the task goes back to the commission with the reasons; when
 * it does, it is the decision, with the minutes and who entered it.
 */
export default defineWorker({
  topic: 'commission-decision-check',
  title: "Check the commission's decision (step 4)",
  outputs: {
    commissionDecisionValid: 'the decision holds',
    commissionProblem: 'why it does not, shown on top of the form',
    decision: 'assigned or refused',
  },
  input: z.object({}),
  async handle(ctx) {
    const sheet = await ctx.effects.stepResult('caseSheet');
    if (!sheet) throw new Error('the commission decided before its case sheet was recorded');
    const submission = await ctx.services.commissionSubmission(ctx.processInstanceId);
    if (!submission) throw new Error("the commission's task has no completion in the engine's history yet");
    const { district, createdAt } = await ctx.effects.application();
    // The grounds the form offered: those governing the case when its sheet was prepared.
    const grounds = groundsInForce(ctx.settings.regulation, applicationDays(createdAt, sheet.preparedAt));
    const members = ctx.settings.people.districts[district].commission;
    const who = notByMember(submission.completedBy, members);
    const check = checkCommissionDecision(
      submission.entry,
      sheet,
      grounds.map((g) => g.id),
      almatyDate(ctx.now()),
    );
    if (who || !check.valid) {
      const problems = [...(who ? [who] : []), ...(check.valid ? [] : check.problems)];
      ctx.log.info(
        { event: 'commission-decision-returned', problems: problems.length },
        'the decision does not hold; back to the commission',
      );
      return { commissionDecisionValid: false, commissionProblem: problems.map(bilingual).join(' ') };
    }
    const { result } = await ctx.effects.record('decision', {
      ...check.decision,
      decidedAt: ctx.now().toISOString(),
      by: 'commission',
      minutes: check.minutes,
      decidedBy: submission.completedBy,
      ...(check.amountReason ? { amountReason: check.amountReason } : {}),
    });
    return { commissionDecisionValid: true, commissionProblem: '', decision: result.outcome };
  },
});
