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

/**
 * A clause as the Kazakh text numbers it: "§6 step 1 / §9 1) / §10 2)" where §6, §9 and §10 number the
 * same step differently, "§12 6) condition 2", "§11".
 */
const citation = z.string().regex(/^§\d+/, 'a citation starting with its clause, such as "§6 step 1 / §10 2)"');
/** Test files that exercise a step or an outcome (the table of the regulation in docs/analysts.md lists them). */
const testFiles = z.array(z.string().regex(/^test\/.+\.test\.ts$/, 'a test file such as test/unit/x.test.ts')).min(1);

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
        tests: testFiles.optional(),
      })
      .strict(),
    steps: z
      .array(
        z
          .object({
            step: z.string(),
            cite: citation,
            actor: actorId,
            element: z.string().min(1),
            topic: z.string().min(1).optional(),
            limit: duration.optional(),
            /** A person of the actor's district group does this step in Tasklist (a user task). */
            group: z.enum(['commission', 'specialists', 'heads']).optional(),
            /** A wait without a limit that the status and the SLA report still show (the result in the out-tray). */
            waits: z.literal(true).optional(),
            what: z.string(),
            tests: testFiles.optional(),
          })
          .strict(),
      )
      .min(1),
    outcomes: z
      .array(
        z
          .object({
            ground: z.string(),
            cite: citation,
            refusal: z.boolean(),
            element: z.string().min(1),
            from: z.string().min(1),
            tests: testFiles.optional(),
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
            /** An amendment's new ground governs applications from this day (src/domain/editions.ts, art. 43). */
            effective: z.iso.date().optional(),
            /** A ground an amendment repealed no longer governs applications from this day. */
            repealed: z.iso.date().optional(),
          })
          .strict()
          .refine((g) => !g.effective || !g.repealed || g.effective < g.repealed, {
            message: 'a ground is repealed after it takes effect',
            path: ['repealed'],
          }),
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
    // §9 repeats §6's steps 1)..6); §10 puts the State Corporation's intake first, so its 2)..7) are they.
    const cites = [...r.steps.map((s) => s.cite), ...r.outcomes.map((o) => o.cite)];
    cites.forEach((cite, i) => {
      const provider = /§6 step (\d+)/.exec(cite)?.[1];
      if (!provider) return;
      const n = Number(provider);
      const expected = `§6 step ${n} / §9 ${n}) / §10 ${n + 1})`;
      if (!cite.startsWith(expected))
        ctx.addIssue({
          code: 'custom',
          path: i < r.steps.length ? ['steps', i, 'cite'] : ['outcomes', i - r.steps.length, 'cite'],
          message: `${cite}: §6 step ${n} is §9 ${n}) and §10 ${n + 1}), cite "${expected}"`,
        });
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

/** A step of the regulation as the checks and the status read it: its BPMN element as `elementId`, its `cite` as `citation`. */
export type RegulationStep = Omit<Regulation['steps'][number], 'element' | 'cite'> & {
  elementId: string;
  citation: string;
};

export const stepsOf = (r: Regulation): RegulationStep[] =>
  r.steps.map(({ element, cite, ...s }) => ({ ...s, citation: cite, elementId: element }));

/**
 * The citation of each element the regulation names (a step's or an outcome's): what its documentation in
 * the diagram starts with. An element doing several steps (the portal's start: processes 1 and 3) cites each.
 */
export function elementCitations(r: Regulation): Map<string, string> {
  const cites = new Map<string, string[]>();
  for (const { element, cite } of [...r.steps, ...r.outcomes]) {
    const list = cites.get(element) ?? [];
    if (!list.includes(cite)) list.push(cite);
    cites.set(element, list);
  }
  return new Map([...cites].map(([element, list]) => [element, list.join('; ')]));
}

/** The step that a citation's words name, in the language of the text read ("1 іс-әрекет", "действие 1"). */
const CITATION_WORDS: Record<'kk' | 'ru', Array<[RegExp, string]>> = {
  kk: [
    [/step (\d+)/g, '$1 іс-әрекет'],
    [/process (\d+)/g, '$1 процесс'],
    [/condition (\d+)/g, '$1 шарт'],
  ],
  ru: [
    [/step (\d+)/g, 'действие $1'],
    [/process (\d+)/g, 'процесс $1'],
    [/condition (\d+)/g, 'условие $1'],
  ],
};

/** A citation for a reader of Kazakh or Russian (the notification): the text's own words for steps, processes, conditions. */
export function citationIn(language: 'kk' | 'ru', cite: string): string {
  return CITATION_WORDS[language].reduce((text, [words, local]) => text.replace(words, local), cite);
}
/** The steps an application spends time in, a worker's or a person's (not the start events of the portal's processes). */
export const isTimedStep = (s: RegulationStep): boolean => Boolean(s.topic || s.limit || s.group || s.waits);
/** Step 4's decision, the commission's in Tasklist (§8: only the commission decides). */
export const commissionDecisionStep = (r: Regulation): Regulation['steps'][number] | undefined =>
  r.steps.find((s) => s.actor === 'commission' && s.group === 'commission');
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
