import { almatyDate } from '../src/domain/almaty.js';
import { DISTRICTS } from '../src/domain/districts.js';
import { notificationText } from '../src/domain/notification.js';
import { commissionDecisionStep, refusalGround } from '../src/domain/regulation.js';
import { defineWorker } from '../src/runtime/worker.js';

/** Step 5 (§6 step 5 / §10 6), 1 day): the notification of assignment or refusal, in Kazakh and Russian, with the calculation. */
export default defineWorker({
  topic: 'notification',
  title: 'Prepare the notification (step 5)',
  async handle(ctx) {
    const dossier = await ctx.effects.dossier();
    const { district } = await ctx.effects.application();
    const decision = await ctx.effects.stepResult('decision');
    const registration = await ctx.effects.stepResult('registration');
    if (!decision || !registration)
      throw new Error('notification before the decision or the registration was recorded');
    const decided = commissionDecisionStep(ctx.settings.regulation);
    if (!decided) throw new Error('the regulation names no step in which the commission decides');
    const text = notificationText({
      registrationNumber: registration.number,
      applicantName: dossier.applicant.fullName,
      // §1: the department of the district that handled it, the registered one when the state data re-routed it.
      districtName: DISTRICTS[district],
      decision,
      decidedOn: decision.minutes?.date ?? almatyDate(decision.decidedAt),
      minutes: decision.minutes,
      ground: decision.outcome === 'refused' ? refusalGround(ctx.settings.regulation, decision.ground) : undefined,
      citation: decided.cite,
    });
    await ctx.effects.record('notification', { outcome: decision.outcome, text, preparedAt: ctx.now().toISOString() });
  },
});
