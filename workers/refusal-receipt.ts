import { z } from 'zod';
import { DISTRICTS } from '../src/domain/districts.js';
import type { DocumentCheck } from '../src/domain/documents.js';
import { refusalReceipt } from '../src/domain/messages.js';
import { defineWorker } from '../src/runtime/worker.js';
import { outTrayKey, type OutTrayItem } from '../src/store/trays.js';

/** A1' (§11): the receipt refusing to accept the documents (Appendix 3 of the Standard); no registration number is used. */
export default defineWorker({
  topic: 'refusal-receipt',
  title: 'Issue the receipt refusing the documents (Appendix 3)',
  clause: '§11',
  input: z.object({ serviceCentre: z.string().min(1) }),
  async handle(ctx) {
    const record = await ctx.applications.get(ctx.applicationId);
    if (!record) throw new Error('application record missing');
    const check = record.results.intake as DocumentCheck | undefined;
    if (!check) throw new Error('no intake check recorded before the refusal receipt');
    const year = record.createdAt.slice(0, 4);
    const { result: sequence } = await ctx.allocateOnce('receipt-number', `receipt-seq:${record.district}:${year}`);
    const district = DISTRICTS[record.district as keyof typeof DISTRICTS];
    const number = `R-${district.code}-${year}-${String(sequence).padStart(6, '0')}`;
    const issuedAt = ctx.now().toISOString();
    const text = refusalReceipt(check, number, issuedAt.slice(0, 10));
    const item: OutTrayItem = { applicationId: ctx.applicationId, kind: 'refusal-receipt', at: issuedAt, text };
    await ctx.record('receipt', {
      number,
      issuedAt,
      serviceCentre: record.acceptedBy?.centreName ?? ctx.variables.serviceCentre,
      operator: record.acceptedBy?.operator ?? null,
      missing: check.missing,
      expired: check.expired,
      text,
    }, { status: 'intake-refused', append: [{ key: outTrayKey(ctx.variables.serviceCentre), item }] });
  },
});
