import { z } from 'zod';
import { almatyYear } from '../src/domain/almaty.js';
import { admissionProblems } from '../src/domain/admission.js';
import { formatRegistrationNumber, type District } from '../src/domain/districts.js';
import { defineWorker } from '../src/runtime/worker.js';

/**
 * Step 1 (§10, 20 minutes): the responsible specialist registers the documents. The number is gap-free
 * per district and year of receipt in Almaty: it is taken from the counter and tied to this task in one step.
 */
export default defineWorker({
  topic: 'registration',
  title: 'Register the documents (step 1)',
  outputs: {
    registrationNumber: 'the registration number, per district and year',
  },
  input: z.object({ receivedAt: z.iso.datetime() }),
  async handle(ctx) {
    const dossier = await ctx.effects.dossier();
    const { channel } = await ctx.effects.application();
    const [intake, authorization, eds, documents] = await Promise.all([
      ctx.effects.stepResult('intake'),
      ctx.effects.stepResult('authorization'),
      ctx.effects.stepResult('eds'),
      ctx.effects.stepResult('documents'),
    ]);
    const problems = admissionProblems(channel, { intake, authorization, eds, documents });
    // Not a refusal: nobody decided one. An incident, for an operator to see how the token got here.
    if (problems.length)
      throw new Error(`registration of an application intake did not accept: ${problems.join('; ')}`);
    const district: District = dossier.address.district;
    const year = almatyYear(ctx.variables.receivedAt);
    const sequence = await ctx.effects.nextNumber({ of: 'registration', district, year });
    const number = formatRegistrationNumber(district, year, sequence);
    const { result } = await ctx.effects.record('registration', {
      number,
      sequence,
      registeredAt: ctx.now().toISOString(),
    });
    return { registrationNumber: result.number };
  },
});
