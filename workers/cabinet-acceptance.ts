import { z } from 'zod';
import { acceptanceMessage } from '../src/domain/messages.js';
import { readyBy } from '../src/domain/regulation.js';
import { defineWorker, senderAccount } from '../src/runtime/worker.js';
import type { CabinetMessage } from '../src/domain/trays.js';

/** §13: the cabinet is told the request is accepted and when the result will be ready (10 days, §6), in Almaty time. */
export default defineWorker({
  topic: 'cabinet-acceptance',
  title: 'Tell the cabinet the request is accepted and when the result is ready (§13)',
  input: z.object({ receivedAt: z.iso.datetime() }),
  async handle(ctx) {
    const due = readyBy(ctx.variables.receivedAt, ctx.settings.regulation.term.limit);
    const message: CabinetMessage = {
      applicationId: ctx.applicationId,
      kind: 'accepted',
      at: ctx.now().toISOString(),
      readyBy: due.toISOString(),
      text: acceptanceMessage(due),
    };
    await ctx.effects.record(
      'acceptance',
      { readyBy: message.readyBy, text: message.text },
      { toCabinet: { account: await senderAccount(ctx.effects), message } },
    );
  },
});
