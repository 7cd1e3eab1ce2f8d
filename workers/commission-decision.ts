import { z } from 'zod';
import { periodIncome } from '../src/domain/application.js';
import { calculatedAmount, caseSheet, caseSheetText, refusalGroundOptions } from '../src/domain/commission.js';
import { addDuration } from '../src/domain/duration.js';
import { applicationDays, groundsInForce, rulesInForce } from '../src/domain/editions.js';
import { decide } from '../src/domain/eligibility.js';
import { countedFamily } from '../src/domain/state-data.js';
import { defineWorker } from '../src/runtime/worker.js';

/**
 * Step 4 (§10, 6 days), its first part: the case sheet with the calculation's recommendation. The sheet
 * and the prefilled form go to the commission's user task: only the commission decides (§8, §10), the
 * recommendation never stands on its own.
 */
export default defineWorker({
  topic: 'commission-decision',
  title: "Prepare the commission's case sheet (step 4)",
  outputs: {
    caseSheetText: "the case sheet the commission's form shows",
    calculatedAmount: 'the amount the calculation gives',
    commissionDueDate: "the due date of the commission's task",
    commissionOutcome: "the form's decision, prefilled with the recommendation",
    commissionAmount: "the form's amount, prefilled",
    commissionGround: "the form's refusal ground, prefilled",
    refusalGroundOptions: 'the grounds the form offers (bpmn/regulation.yaml)',
    commissionProblem: 'empty until a decision comes back',
  },
  input: z.object({ registrationNumber: z.string().min(1) }),
  async handle(ctx) {
    const dossier = await ctx.effects.dossier();
    const { district, createdAt } = await ctx.effects.application();
    const { regulation } = ctx.settings;
    // The rules in force on the filing day (art. 43), from the application's record: never a variable anyone could write.
    const days = applicationDays(createdAt, ctx.now());
    const { rules, edition } = rulesInForce(ctx.settings.rules, days);
    const grounds = groundsInForce(regulation, days);
    // §11: the verified figures, where the registers were asked (instances started before they were are not).
    const verification = (await ctx.effects.stepResult('stateData'))?.verification;
    const household = verification?.household ?? dossier.household;
    const income = verification?.periodIncome ?? periodIncome(dossier);
    const recommendation = decide(
      { ...household, members: countedFamily(dossier, verification) },
      dossier.housingCosts,
      income,
      rules,
      new Set(grounds.map((g) => g.id)),
    );
    const now = ctx.now().toISOString();
    const { result: sheet } = await ctx.effects.record(
      'caseSheet',
      caseSheet(
        dossier,
        { registrationNumber: ctx.variables.registrationNumber, district },
        recommendation,
        rules.incomePeriodMonths,
        now,
        verification,
        edition,
      ),
    );
    const limit = regulation.steps.find((s) => s.actor === 'commission' && s.limit)?.limit;
    const recommended = sheet.recommendation;
    return {
      caseSheetText: caseSheetText(sheet, regulation),
      calculatedAmount: calculatedAmount(sheet),
      commissionOutcome: recommended.outcome,
      commissionAmount: calculatedAmount(sheet),
      commissionGround: recommended.outcome === 'refused' ? recommended.ground : null,
      refusalGroundOptions: refusalGroundOptions(grounds),
      commissionProblem: '',
      ...(limit ? { commissionDueDate: addDuration(sheet.preparedAt, limit) } : {}),
    };
  },
});
