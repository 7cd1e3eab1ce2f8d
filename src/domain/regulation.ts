import { z } from 'zod';
import { durationMs, durationWords } from './duration.js';

/**
 * The regulation (Almaty akimat resolution 2/226 of 22.06.2017) as data: `bpmn/regulation.yaml` holds
 * each step, condition, outcome and time limit with its clause and the BPMN element implementing it.
 */

const duration = z.string().refine((d) => {
  try {
    return durationMs(d) > 0;
  } catch {
    return false;
  }
}, 'an ISO 8601 duration such as PT15M or P2D');

const actorId = z.enum(['state-corporation', 'specialist', 'head', 'commission', 'portal']);
export type Actor = z.infer<typeof actorId>;

/**
 * The act this file implements, and what happens to applications in progress when it is replaced
 * (npm run amend): `migrate` moves them to the new version (their steps' deadlines as it says, from
 * each step's start); `finish-on-old` lets them finish under the rules in force on the day they were
 * filed, the default the law applies to cases in progress unless the amending act says otherwise.
 */
export const actSchema = z
  .object({
    title: z.string().min(1),
    /** The diagram's camunda:versionTag carries it; mapping files are named by it. */
    version: z.string().regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, . _ - (it names files and version tags)'),
    effective: z.iso.date(),
    amends: z.string().min(1),
    running: z.enum(['migrate', 'finish-on-old']),
  })
  .strict();
export type Act = z.infer<typeof actSchema>;

export const regulationSchema = z
  .object({
    source: z.string(),
    act: actSchema,
    process: z.string().min(1),
    time: z.literal('calendar'),
    actors: z
      .array(z.object({ id: actorId, clause: z.string(), name: z.string(), lane: z.string().min(1) }).strict())
      .min(1),
    term: z
      .object({
        clause: z.string(),
        limit: duration,
        what: z.string(),
        element: z.string().min(1),
        metAt: z.array(z.string().min(1)).min(1),
      })
      .strict(),
    steps: z
      .array(
        z
          .object({
            step: z.string(),
            clause: z.string(),
            actor: actorId,
            element: z.string().min(1),
            topic: z.string().min(1).optional(),
            limit: duration.optional(),
            /** A person of the actor's district group does this step in Tasklist (a user task). */
            group: z.enum(['commission', 'specialists', 'heads']).optional(),
            /** A wait without a limit that the status and the SLA report still show (the result in the out-tray). */
            waits: z.literal(true).optional(),
            what: z.string(),
          })
          .strict(),
      )
      .min(1),
    outcomes: z
      .array(
        z
          .object({
            ground: z.string(),
            clause: z.string(),
            refusal: z.boolean(),
            element: z.string().min(1),
            from: z.string().min(1),
          })
          .strict(),
      )
      .min(1),
    refusalGrounds: z
      .array(
        z
          .object({
            id: z.string().regex(/^[a-z0-9-]+$/),
            rule: z.string(),
            kk: z.string().min(1),
            ru: z.string().min(1),
          })
          .strict(),
      )
      .min(1),
  })
  .strict()
  .superRefine((r, ctx) => {
    const actors = new Set(r.actors.map((a) => a.id));
    r.steps.forEach((s, i) => {
      if (!actors.has(s.actor))
        ctx.addIssue({ code: 'custom', path: ['steps', i, 'actor'], message: `no actor ${s.actor} in actors` });
    });
    const ends = r.outcomes.map((o) => o.element);
    ends.forEach((e, i) => {
      if (ends.indexOf(e) !== i)
        ctx.addIssue({
          code: 'custom',
          path: ['outcomes', i, 'element'],
          message: `${e} ends another outcome too: each needs its own end event`,
        });
    });
  });

export type Regulation = z.infer<typeof regulationSchema>;

/** A step of the regulation as the checks and the status read it: its BPMN element as `elementId`. */
export type RegulationStep = Omit<Regulation['steps'][number], 'element'> & { elementId: string };

export const stepsOf = (r: Regulation): RegulationStep[] =>
  r.steps.map(({ element, ...s }) => ({ ...s, elementId: element }));
/** The steps an application spends time in, a worker's or a person's (not the start events of the portal's processes). */
export const isTimedStep = (s: RegulationStep): boolean => Boolean(s.topic || s.limit || s.group || s.waits);
export const laneOfActor = (r: Regulation): Record<string, string> =>
  Object.fromEntries(r.actors.map((a) => [a.id, a.lane]));

export const BREACH_TOPIC = 'deadline-breach';

/**
 * The limit a breach of `element` is measured against: its step's (§10), or the whole term's (§6) when
 * `element` is the process. Undefined for an element the regulation gives no limit.
 */
export function limitOf(regulation: Regulation, element: string): string | undefined {
  if (element === regulation.process) return regulation.term.limit;
  return regulation.steps.find((s) => s.element === element && s.limit)?.limit;
}

/** The name of the timer that holds `limit`, derived so that it cannot say another limit: "15 minutes passed". */
export const timerName = (limit: string): string => `${durationWords(limit)} passed`;

/** §6, §13: when the result is due, counted from handing over the documents or applying on the portal. */
export function readyBy(receivedAt: string, term: string): Date {
  return new Date(Date.parse(receivedAt) + durationMs(term));
}

export type RefusalGroundText = Regulation['refusalGrounds'][number];

/** The notification's words for a refusal ground of step 4; undefined for a ground the regulation does not list. */
export function refusalGround(regulation: Regulation, id: string): RefusalGroundText | undefined {
  return regulation.refusalGrounds.find((g) => g.id === id);
}
