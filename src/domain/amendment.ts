import { z } from 'zod';
import { durationMs } from './duration.js';
import { stepsOf, type Regulation } from './regulation.js';

/**
 * An amendment of the regulation, planned without the engine: which elements of the running version
 * map to which of the new one, where waiting applications could not move, and what each deadline
 * timer's due date must be afterwards.
 */

/** `bpmn/migrations/<from>-to-<to>.yaml`: the elements an amendment renamed, old id → new id. */
export const elementMappingSchema = z
  .object({
    from: z.string().min(1),
    to: z.string().min(1),
    elements: z.record(z.string().min(1), z.string().min(1)),
  })
  .strict();
export type ElementMapping = z.infer<typeof elementMappingSchema>;

export const mappingFileName = (from: string, to: string) => `${from}-to-${to}.yaml`;

/**
 * The renamed elements plus the boundary events of each renamed activity that keep their id and stay
 * attached to it: the engine creates an unmapped boundary event afresh on migration, so a step's breach
 * timer that already fired would be armed again and its breach recorded twice.
 */
export function withAttachedEvents(
  renamed: Readonly<Record<string, string>>,
  oldElements: Iterable<{ id: string; attachedTo?: string }>,
  newElements: ReadonlyMap<string, { attachedTo?: string }>,
): Record<string, string> {
  const mapping = { ...renamed };
  for (const e of oldElements) {
    const to = e.attachedTo === undefined ? undefined : renamed[e.attachedTo];
    if (to !== undefined && !(e.id in mapping) && newElements.get(e.id)?.attachedTo === to) mapping[e.id] = e.id;
  }
  return mapping;
}

export interface WaitingActivity {
  activityId: string;
  instances: number;
}

export interface Unmigratable extends WaitingActivity {
  why: string;
}

/**
 * The activities where applications wait that have no counterpart in the new version: neither an
 * element of the same id nor an entry of the mapping file. Without one, the engine's batch would fail
 * on those instances after the deployment, leaving some instances on each version.
 */
export function unmappedWaits(
  waiting: readonly WaitingActivity[],
  newElements: ReadonlySet<string>,
  mapping: Readonly<Record<string, string>>,
  mappingFile: string,
): Unmigratable[] {
  const stuck: Unmigratable[] = [];
  for (const w of waiting) {
    if (w.instances === 0) continue;
    const to = mapping[w.activityId];
    if (to !== undefined && !newElements.has(to))
      stuck.push({ ...w, why: `${mappingFile} maps it to ${to}, which the new diagram does not have` });
    else if (to === undefined && !newElements.has(w.activityId))
      stuck.push({ ...w, why: `the new diagram has no ${w.activityId} and ${mappingFile} does not map it` });
  }
  return stuck;
}

/** A deadline timer as the regulation sets it: the limit, counted from the start of `from`. */
export interface TimerLimit {
  timer: string;
  /** The activity whose start the limit counts from; `process` for the term (§6), from the filing. */
  from: string;
  limit: string;
  step: string;
}

/**
 * The regulation's limit of every deadline timer of a diagram: a step's boundary timer (§6 steps
 * 1–6) and the term's timer start (§6). The limit is the regulation's, not the diagram's duration.
 */
export function timerLimits(
  regulation: Regulation,
  timers: ReadonlyArray<{ id: string; attachedTo?: string }>,
): Map<string, TimerLimit> {
  const limits = new Map<string, TimerLimit>();
  const byElement = new Map(stepsOf(regulation).map((s) => [s.elementId, s]));
  for (const t of timers) {
    const step = t.attachedTo ? byElement.get(t.attachedTo) : undefined;
    if (step?.limit) limits.set(t.id, { timer: t.id, from: t.attachedTo!, limit: step.limit, step: step.step });
  }
  limits.set(regulation.term.element, {
    timer: regulation.term.element,
    from: 'process',
    limit: regulation.term.limit,
    step: regulation.term.clause,
  });
  return limits;
}

export interface DeadlineChange {
  timer: string;
  step: string;
  /** The running version's timer (the diagram conformed to the regulation it was deployed under). */
  before: string | null;
  after: string;
}

/** Each deadline of the new regulation against the running diagram's timer of the same (or renamed) id. */
export function deadlineChanges(
  oldTimers: ReadonlyArray<{ id: string; timerDuration?: string }>,
  limits: ReadonlyMap<string, TimerLimit>,
  renamed: Readonly<Record<string, string>>,
): DeadlineChange[] {
  const oldId = (id: string) => Object.keys(renamed).find((from) => renamed[from] === id) ?? id;
  return [...limits.values()].map((l) => ({
    timer: l.timer,
    step: l.step,
    before: oldTimers.find((t) => t.id === oldId(l.timer))?.timerDuration ?? null,
    after: l.limit,
  }));
}

export const limitChanged = (c: DeadlineChange) => c.before === null || durationMs(c.before) !== durationMs(c.after);

/**
 * The engine keeps due dates to the millisecond and stamps a step's start apart from its timer's by a few,
 * by more than a second on a loaded machine (seen: 1.35 s for the 10-day term's timer under a load of 30).
 */
const START_TO_TIMER_MS = 10_000;

/**
 * What a deadline timer's due date must become, or null when it is right already. The limit counts
 * from the step's start, never from the migration (Camunda re-creates a migrated activity's boundary
 * timers from the moment of migration: camunda-bpm-platform issue 3713). A due date within ten seconds
 * of that stays exactly as it is; one whose limit has already passed is due now, so the breach is
 * recorded at once instead of never.
 */
export function correctedDueDate(timer: { start: number; limit: string; due: number }, now: number): number | null {
  const due = timer.start + durationMs(timer.limit);
  if (Math.abs(timer.due - due) < START_TO_TIMER_MS) return null;
  if (due > now) return due;
  return timer.due <= now ? null : now;
}

/** Open external tasks of a running version at one element, on one topic. */
export interface OpenTopic {
  activityId: string;
  topic: string;
  tasks: number;
}

export interface TopicLeft extends OpenTopic {
  /** The topic of the element they move to; undefined when the new diagram has none (removed). */
  newTopic?: string;
  /** A worker in workers/ listens on `topic`. */
  served: boolean;
}

/**
 * Open external tasks that an amendment leaves on a topic the new diagram renamed or removed, or that
 * no worker serves. The engine moves a waiting external task to its new element but keeps its topic
 * (Camunda's MigratingExternalTaskInstance sets only the activity and the definition), so those tasks
 * wait on the old topic until done: its worker must stay in workers/, or they wait forever.
 */
export function topicsLeft(
  open: readonly OpenTopic[],
  newTopicOf: (elementId: string) => string | undefined,
  mapping: Readonly<Record<string, string>>,
  workerTopics: ReadonlySet<string>,
): TopicLeft[] {
  return open
    .filter((o) => o.tasks > 0)
    .map((o) => ({
      ...o,
      newTopic: newTopicOf(mapping[o.activityId] ?? o.activityId),
      served: workerTopics.has(o.topic),
    }))
    .filter((t) => t.newTopic !== t.topic || !t.served);
}

/** The deadline a waiting activity runs under: the limit of it or of the nearest step around it (step 4's sub-process). */
export function stepOfWait(
  activityId: string,
  parentOf: (elementId: string) => string | undefined,
  limits: ReadonlyMap<string, TimerLimit>,
  renamed: Readonly<Record<string, string>>,
): { limit: TimerLimit; scope: string } | undefined {
  for (let scope: string | undefined = activityId; scope; scope = parentOf(scope)) {
    const target = renamed[scope] ?? scope;
    const limit = [...limits.values()].find((l) => l.from === target);
    if (limit) return { limit, scope };
  }
  return undefined;
}

/** One line of the dry run's table: a step where applications wait, and what the amendment does to it. */
export interface WaitRow {
  activityId: string;
  step: string;
  waiting: number;
  stuck: number;
  why: string;
  /** The step's deadline on the running version → under the amendment; empty when it has none. */
  before: string;
  after: string;
  /** Of the waiting, those whose new limit from their step's start has passed (the breach is recorded at once). */
  past: number;
}

/**
 * The dry run's row of each waiting activity: its step, whether the applications there migrate, and
 * its deadline before and after, with how many are already past the new one; `starts` holds when each
 * waiting application's run of the step (by the running version's id) began.
 */
export function waitRows(
  waiting: readonly WaitingActivity[],
  stuck: readonly Unmigratable[],
  changes: readonly DeadlineChange[],
  stepOf: (activityId: string) => { limit: TimerLimit; scope: string } | undefined,
  starts: ReadonlyMap<string, readonly number[]>,
  now: number,
): WaitRow[] {
  return waiting
    .filter((w) => w.instances > 0)
    .map((w) => {
      const step = stepOf(w.activityId);
      const change = step && changes.find((c) => c.timer === step.limit.timer);
      const blocked = stuck.find((s) => s.activityId === w.activityId);
      const after = change?.after ?? '';
      return {
        activityId: w.activityId,
        step: step?.limit.step ?? '',
        waiting: w.instances,
        stuck: blocked?.instances ?? 0,
        why: blocked?.why ?? '',
        before: change ? (change.before ?? 'none') : '',
        after,
        past: step && after ? (starts.get(step.scope) ?? []).filter((t) => t + durationMs(after) <= now).length : 0,
      };
    });
}
