import { almatyDate, almatyYear } from '../src/domain/almaty.js';
import { DISTRICTS } from '../src/domain/districts.js';
import { refusalReceipt } from '../src/domain/messages.js';
import type { OutTrayItem } from '../src/domain/trays.js';
import { acceptingCentre, defineWorker } from '../src/runtime/worker.js';

/** A1' (§11): the receipt refusing to accept the documents (Appendix 3 of the Standard); no registration number is used. */
export default defineWorker({
  topic: 'refusal-receipt',
  title: 'Issue the receipt refusing the documents (Appendix 3)',
  async handle(ctx) {
    const application = await ctx.effects.application();
    const check = await ctx.effects.stepResult('intake');
    if (!check) throw new Error('no intake check recorded before the refusal receipt');
    const year = almatyYear(application.createdAt);
    const sequence = await ctx.effects.nextNumber({ of: 'receipt', district: application.district, year });
    const number = `R-${DISTRICTS[application.district].code}-${year}-${String(sequence).padStart(6, '0')}`;
    const issuedAt = ctx.now().toISOString();
    const text = refusalReceipt(check, number, almatyDate(issuedAt));
    const centre = await acceptingCentre(ctx.effects);
    const item: OutTrayItem = { applicationId: ctx.applicationId, kind: 'refusal-receipt', at: issuedAt, text };
    await ctx.effects.record(
      'receipt',
      {
        number,
        issuedAt,
        serviceCentre: application.acceptedBy?.centreName ?? centre,
        operator: application.acceptedBy?.operator ?? null,
        missing: check.missing,
        expired: check.expired,
        text,
      },
      { status: 'intake-refused', toOutTray: { centre, item } },
    );
  },
});
