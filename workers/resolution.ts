import { defineWorker } from '../src/runtime/worker.js';

/** Step 2 (§10, 30 minutes): the head reviews the documents and designates the responsible specialist, in turn. */
export default defineWorker({
  topic: 'resolution',
  title: 'Review and designate the responsible specialist (step 2)',
  outputs: {
    responsibleSpecialist: 'the staff code of the designated specialist',
  },
  async handle(ctx) {
    const dossier = await ctx.effects.dossier();
    const specialists = ctx.settings.people.districts[dossier.address.district].specialists;
    const turn = await ctx.effects.nextNumber({ of: 'designation-turn', district: dossier.address.district });
    const specialist = specialists[(turn - 1) % specialists.length];
    const { result } = await ctx.effects.record('resolution', { specialist, resolvedAt: ctx.now().toISOString() });
    return { responsibleSpecialist: result.specialist };
  },
});
