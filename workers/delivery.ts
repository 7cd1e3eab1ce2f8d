import { z } from 'zod';
import { canonicalJson } from '../src/domain/application.js';
import { loadSigner, signDetached, type Signer } from '../src/domain/cms.js';
import type { NotificationText } from '../src/domain/notification.js';
import type { Config } from '../src/config.js';
import { defineWorker } from '../src/runtime/worker.js';
import { cabinetKey, outTrayKey, type CabinetMessage, type OutTrayItem } from '../src/store/trays.js';

let signer: Promise<Signer> | null = null;
function providerSigner(config: Config): Promise<Signer> {
  if (!config.provider) throw new Error('PROVIDER_CERT_FILE and PROVIDER_KEY_FILE are not set: the result cannot be signed (§12)');
  signer ??= loadSigner(config.provider.certificatePem, config.provider.privateKeyPem);
  return signer;
}

/**
 * Step 5's end and process 7 (§10, §12, §14): the notification goes to the out-tray of the State
 * Corporation centre that accepted the documents (step 6 is its employee's hand-over), or to the
 * applicant's personal cabinet as a document signed by the provider — once.
 */
export default defineWorker({
  topic: 'delivery',
  title: 'Deliver the notification to the State Corporation or the cabinet (step 5, process 7)',
  clause: '§10 step 5, §12 process 7, §14',
  outputs: {
    resultDeliveredAt: 'when the result arrived: the 10-day term (§6) is met then',
  },
  input: z.object({ submittedBy: z.string().min(1).optional(), serviceCentre: z.string().min(1).optional() }),
  async handle(ctx) {
    const record = await ctx.applications.get(ctx.applicationId);
    if (!record) throw new Error('application record missing');
    const notification = record.results.notification as { outcome: 'assigned' | 'refused'; text: NotificationText } | undefined;
    const registration = record.results.registration as { number: string } | undefined;
    if (!notification) throw new Error('delivery before the notification was prepared');
    const at = ctx.now().toISOString();
    if (record.channel === 'portal') {
      if (!ctx.variables.submittedBy) throw new Error('a portal application without its account (submittedBy)');
      const content = canonicalJson({ applicationId: record.id, registrationNumber: registration?.number ?? null, outcome: notification.outcome, issuedAt: at, text: notification.text });
      const signature = (await signDetached(Buffer.from(content, 'utf8'), await providerSigner(ctx.config))).toString('base64');
      const item: CabinetMessage = { applicationId: record.id, kind: 'result', at, text: notification.text, document: { content, signature, mediaType: 'application/json' } };
      const { result } = await ctx.record('delivery', { to: 'cabinet', deliveredAt: at }, { status: notification.outcome, append: [{ key: cabinetKey(ctx.variables.submittedBy), item }] });
      return { resultDeliveredAt: result.deliveredAt };
    }
    if (!ctx.variables.serviceCentre) throw new Error('a State Corporation application without its centre (serviceCentre)');
    const item: OutTrayItem = { applicationId: record.id, kind: 'notification', registrationNumber: registration?.number, at, text: notification.text };
    const { result } = await ctx.record('delivery', { to: 'state-corporation', centre: ctx.variables.serviceCentre, deliveredAt: at }, {
      status: notification.outcome,
      append: [{ key: outTrayKey(ctx.variables.serviceCentre), item }],
    });
    // §6: the 10-day term is met now, however long the applicant takes to come for the result.
    return { resultDeliveredAt: result.deliveredAt };
  },
});
