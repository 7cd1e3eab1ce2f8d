import type { NotificationText } from '../src/domain/notification.js';
import { defineWorker } from '../src/runtime/worker.js';
import { applicantKey } from '../src/store/applications.js';
import { cabinetKey, outTrayKey, type CabinetMessage, type OutTrayItem } from '../src/store/trays.js';

/**
 * Step 6 (§10, 15 minutes) and process 7 (§14): the notification goes to the State Corporation's
 * out-tray of the district, or to the applicant's personal cabinet — once.
 */
export default defineWorker({
  topic: 'delivery',
  async handle(ctx) {
    const record = await ctx.applications.get(ctx.applicationId);
    if (!record) throw new Error('application record missing');
    const notification = record.results.notification as { outcome: 'assigned' | 'refused'; text: NotificationText } | undefined;
    const registration = record.results.registration as { number: string } | undefined;
    if (!notification) throw new Error('delivery before the notification was prepared');
    const at = ctx.now().toISOString();
    const viaPortal = record.channel === 'portal';
    const item: OutTrayItem | CabinetMessage = viaPortal
      ? { applicationId: record.id, kind: 'result', at, text: notification.text }
      : { applicationId: record.id, kind: 'notification', registrationNumber: registration?.number, at, text: notification.text };
    const key = viaPortal ? cabinetKey(applicantKey(record.dossier.applicant.iin)) : outTrayKey(record.district);
    await ctx.record('delivery', { to: viaPortal ? 'cabinet' : 'state-corporation', deliveredAt: at }, {
      status: notification.outcome,
      append: [{ key, item }],
    });
  },
});
