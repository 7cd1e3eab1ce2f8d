import type { CabinetMessage, OutTrayItem } from '../src/domain/trays.js';
import { acceptingCentre, defineWorker, senderAccount } from '../src/runtime/worker.js';

/**
 * Step 5's end and process 7 (§10, §12, §14): the notification goes to the out-tray of the State
 * Corporation centre that accepted the documents (step 6 is its employee's hand-over), or to the
 * applicant's personal cabinet — once, either as a document signed by the district's department.
 */
export default defineWorker({
  topic: 'delivery',
  title: 'Deliver the notification to the State Corporation or the cabinet (step 5, process 7)',
  outputs: {
    resultDeliveredAt: 'when the result arrived: the 10-day term (§6) is met then',
  },
  async handle(ctx) {
    const application = await ctx.effects.application();
    const notification = await ctx.effects.stepResult('notification');
    const registration = await ctx.effects.stepResult('registration');
    if (!notification) throw new Error('delivery before the notification was prepared');
    const at = ctx.now().toISOString();
    const to: { cabinet: string } | { centre: string } =
      application.channel === 'portal'
        ? { cabinet: await senderAccount(ctx.effects) }
        : { centre: await acceptingCentre(ctx.effects) };
    // §14: signed by the department of the application's district, on either path (§3: the result is electronic).
    const document = await ctx.services.signAsProvider(application.district, {
      applicationId: application.id,
      registrationNumber: registration?.number ?? null,
      outcome: notification.outcome,
      issuedAt: at,
      text: notification.text,
    });
    if ('cabinet' in to) {
      const message: CabinetMessage = {
        applicationId: application.id,
        kind: 'result',
        at,
        text: notification.text,
        document,
      };
      const { result } = await ctx.effects.record(
        'delivery',
        { to: 'cabinet', deliveredAt: at },
        { status: notification.outcome, toCabinet: { account: to.cabinet, message } },
      );
      return { resultDeliveredAt: result.deliveredAt };
    }
    const { centre } = to;
    const item: OutTrayItem = {
      applicationId: application.id,
      kind: 'notification',
      registrationNumber: registration?.number,
      at,
      text: notification.text,
      document,
    };
    const { result } = await ctx.effects.record(
      'delivery',
      { to: 'state-corporation', centre, deliveredAt: at },
      { status: notification.outcome, toOutTray: { centre, item } },
    );
    // §6: the 10-day term is met now, however long the applicant takes to come for the result.
    return { resultDeliveredAt: result.deliveredAt };
  },
});
