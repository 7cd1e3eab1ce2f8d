import { expect, it } from '@jest/globals';
import type { Verification } from '../../src/domain/state-data.js';
import commissionDecision from '../../workers/commission-decision.js';
import commissionDecisionCheck from '../../workers/commission-decision-check.js';
import type { CommissionEntry } from '../../src/domain/commission.js';
import type { CommissionSubmission } from '../../src/engine/commission-history.js';
import { dossier } from '../support/fixtures.js';
import { memoryApplication, runStep, shippedSettings } from '../support/memory-effects.js';
import { ruleBookSchema } from '../../src/domain/editions.js';

// The fixture family: costs counted 27 500 a month, 300 000 a quarter of income → 17 500 assigned.
const now = new Date('2026-03-05T06:00:00Z');

it('step 4, with the commission: the case sheet and the prefilled form, due in the regulation’s 6 days', async () => {
  const app = memoryApplication(dossier());
  const outcome = await runStep(commissionDecision, app, {
    now,
    variables: { registrationNumber: 'BOS-2026-000001' },
  });
  expect(outcome).toMatchObject({
    kind: 'complete',
    variables: {
      commissionOutcome: 'assigned',
      commissionAmount: 17_500,
      calculatedAmount: 17_500,
      commissionProblem: '',
    },
  });
  const variables = outcome.kind === 'complete' ? outcome.variables : {};
  expect(Date.parse(variables.commissionDueDate as string) - now.getTime()).toBe(6 * 86_400_000);
  expect(variables.caseSheetText).toContain('BOS-2026-000001');
  expect(app.results.caseSheet).toMatchObject({ registrationNumber: 'BOS-2026-000001', periodIncome: 300_000 });
  expect(app.results.decision).toBeUndefined();
});

it('step 4: the registers’ verified income (§11) replaces the declared one', async () => {
  const d = dossier();
  const verification: Verification = {
    household: d.household,
    ownedDwellings: 1,
    incomes: [{ source: 'business-income', amount: 360_000 }],
    periodIncome: 360_000,
    differences: [],
    findings: [],
  };
  const app = memoryApplication(d, {
    stateData: {
      askedAt: now.toISOString(),
      period: { from: '2025-12-01', to: '2026-02-28' },
      answers: [],
      verification,
    },
  });
  const outcome = await runStep(commissionDecision, app, {
    now,
    variables: { registrationNumber: 'BOS-2026-000001' },
  });
  // 27 500 − 10 % of 120 000 a month: what the form is prefilled with; the commission decides.
  expect(outcome).toMatchObject({
    kind: 'complete',
    variables: { commissionOutcome: 'assigned', commissionAmount: 15_500 },
  });
  expect(app.results.caseSheet?.recommendation).toMatchObject({ outcome: 'assigned', amount: 15_500 });
  expect(app.results.decision).toBeUndefined();
});

it('step 4: what the commission entered goes back with the reasons when it does not hold, and is the decision when it does', async () => {
  const app = memoryApplication(dossier());
  await runStep(commissionDecision, app, {
    now,
    variables: { registrationNumber: 'BOS-2026-000001' },
  });
  const entry = { outcome: 'assigned', amount: 17_500, minutesNumber: '', minutesDate: '2026-03-05' };
  // The engine's history of the task: what the completing request submitted, and who sent it.
  const history = (e: CommissionEntry, completedBy: string | null = 'BOS-C02') => ({
    commissionSubmission: async (processInstanceId: string): Promise<CommissionSubmission> => {
      // This task's own instance, not any instance of the application.
      expect(processInstanceId).toBe('instance-of-app-1');
      return { taskId: 't-1', completedBy, entry: e };
    },
  });
  // Instance variables are not where the decision comes from: a variable saying otherwise changes nothing.
  const variables = { commissionOutcome: 'refused', commissionDecidedBy: 'worker' };
  const back = await runStep(commissionDecisionCheck, app, { now, variables, services: history(entry) });
  expect(back).toMatchObject({ kind: 'complete', variables: { commissionDecisionValid: false } });
  // The member reads the reason on top of the form in Kazakh and Russian.
  expect(back.kind === 'complete' && back.variables.commissionProblem).toMatch(
    /хаттамасының нөмірін.* \/ .*номер протокола/,
  );
  expect(app.results.decision).toBeUndefined();

  const held = await runStep(commissionDecisionCheck, app, {
    now,
    variables,
    services: history({ ...entry, minutesNumber: '12' }),
  });
  expect(held).toEqual({
    kind: 'complete',
    variables: { commissionDecisionValid: true, commissionProblem: '', decision: 'assigned' },
  });
  expect(app.results.decision).toMatchObject({
    outcome: 'assigned',
    amount: 17_500,
    by: 'commission',
    minutes: { number: '12', date: '2026-03-05' },
    decidedBy: 'BOS-C02',
  });
});

it("step 4: a decision completed by someone outside the district's commission goes back to it", async () => {
  const entry = { outcome: 'assigned', amount: 17_500, minutesNumber: '12', minutesDate: '2026-03-05' };
  for (const completedBy of ['ALM-C01', 'worker', null]) {
    const app = memoryApplication(dossier());
    await runStep(commissionDecision, app, { now, variables: { registrationNumber: 'BOS-2026-000001' } });
    const back = await runStep(commissionDecisionCheck, app, {
      now,
      services: { commissionSubmission: async () => ({ taskId: 't-1', completedBy, entry }) },
    });
    expect(back).toMatchObject({ kind: 'complete', variables: { commissionDecisionValid: false } });
    expect(back.kind === 'complete' && back.variables.commissionProblem).toMatch(
      /мүшесі емес адам енгізді.* \/ .*не членом комиссии района/,
    );
    expect(app.results.decision).toBeUndefined();
  }
});

it('step 4: a decision before its case sheet is a fault, not a decision', async () => {
  const outcome = await runStep(commissionDecisionCheck, memoryApplication(dossier()), {
    now,
    variables: { commissionOutcome: 'assigned' },
  });
  expect(outcome).toMatchObject({ kind: 'failure' });
});

it('step 4 applies the edition of the rules and the grounds in force on the filing day, read from the record', async () => {
  // An amendment effective 4 March 2026 that leaves cases in progress to the old rules: the share 10 % → 8 %,
  // and the registration ground repealed.
  const shipped = shippedSettings();
  const settings = {
    ...shipped,
    rules: ruleBookSchema.parse({
      editions: [...shipped.rules.editions, { act: 'decision No. 7', effective: '2026-03-04', maxIncomeShare: 0.08 }],
    }),
    regulation: {
      ...shipped.regulation,
      act: { ...shipped.regulation.act, running: 'finish-on-old' as const },
      refusalGrounds: shipped.regulation.refusalGrounds.map((g) =>
        g.id === 'not-permanently-registered' ? { ...g, repealed: '2026-03-04' } : g,
      ),
    },
  };
  const unregistered = dossier();
  unregistered.household.permanentlyRegistered = false;
  const sheet = async (createdAt: string) => {
    const app = memoryApplication(unregistered, {}, { createdAt });
    const outcome = await runStep(commissionDecision, app, {
      now,
      settings,
      variables: { registrationNumber: 'BOS-2026-000001' },
    });
    return outcome.kind === 'complete' ? outcome.variables : {};
  };
  // Filed on 3 March (Almaty), decided on the 5th: the old edition, under which the ground still refuses.
  const before = await sheet('2026-03-03T12:00:00.000Z');
  expect(before).toMatchObject({ commissionOutcome: 'refused', commissionGround: 'not-permanently-registered' });
  expect((before.refusalGroundOptions as Array<{ value: string }>).map((o) => o.value)).toContain(
    'not-permanently-registered',
  );
  expect(before.caseSheetText).toContain('decision of 29 March 2024 No. 100');
  // Filed on 4 March: no such ground, and 8 % of 100 000 a month: 27 500 − 8 000.
  const after = await sheet('2026-03-03T20:00:00.000Z');
  expect(after).toMatchObject({ commissionOutcome: 'assigned', commissionAmount: 19_500 });
  expect((after.refusalGroundOptions as Array<{ value: string }>).map((o) => o.value)).not.toContain(
    'not-permanently-registered',
  );
  expect(after.caseSheetText).toContain('decision No. 7 (2026-03-04)');
});
