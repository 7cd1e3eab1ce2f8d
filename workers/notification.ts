import { DISTRICTS } from '../src/domain/districts.js';
import type { Decision } from '../src/domain/eligibility.js';
import { notificationText } from '../src/domain/notification.js';
import { refusalGround } from '../src/domain/regulation.js';
import { defineWorker } from '../src/runtime/worker.js';

/** Step 5 (§10, 1 day): the notification of assignment or refusal, in Kazakh and Russian, with the calculation. */
export default defineWorker({
  topic: 'notification',
  title: 'Prepare the notification (step 5)',
  clause: '§10 step 5',
  async handle(ctx) {
    const record = await ctx.applications.get(ctx.applicationId);
    if (!record) throw new Error('application record missing');
    const decision = record.results.decision as (Decision & { decidedAt: string; minutes?: { number: string; date: string } }) | undefined;
    const registration = record.results.registration as { number: string } | undefined;
    if (!decision || !registration) throw new Error('notification before the decision or the registration was recorded');
    const district = DISTRICTS[record.dossier.address.district];
    const text = notificationText({
      registrationNumber: registration.number,
      applicantName: record.dossier.applicant.fullName,
      districtName: district,
      decision,
      decidedOn: decision.minutes?.date ?? decision.decidedAt.slice(0, 10),
      minutes: decision.minutes,
      ground: decision.outcome === 'refused' ? refusalGround(ctx.config.regulation, decision.ground) : undefined,
    });
    await ctx.record('notification', { outcome: decision.outcome, text, preparedAt: ctx.now().toISOString() });
  },
});
