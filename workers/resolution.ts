import { defineWorker } from '../src/runtime/worker.js';

/** Step 2 (§10, 30 minutes): the head reviews the documents and designates the responsible specialist, in turn. */
export default defineWorker({
  topic: 'resolution',
  title: 'Review and designate the responsible specialist (step 2)',
  clause: '§10 step 2',
  outputs: {
    responsibleSpecialist: 'the staff code of the designated specialist',
  },
  async handle(ctx) {
    const dossier = await ctx.dossier();
    const specialists = ctx.config.people.districts[dossier.address.district].specialists;
    const { result: turn } = await ctx.allocateOnce('designation-turn', `designation-turn:${dossier.address.district}`);
    const specialist = specialists[(turn - 1) % specialists.length];
    const { result } = await ctx.record('resolution', { specialist, resolvedAt: ctx.now().toISOString() });
    return { responsibleSpecialist: result.specialist };
  },
});
