import { durationMs } from './duration.js';
import type { RegulationStep } from './regulation.js';
import { stepLimit, type ActivityRun } from './step-limits.js';

/** One execution of a BPMN element with its end, as the engine's history records it. */
export interface HistoricRun extends ActivityRun {
  endTime: string | null;
}

/** An execution of a step of the regulation against its limit: what the status API and Cockpit show. */
export interface StepRun {
  step: string;
  /** The clause as the text numbers it, e.g. "§6 step 4 / §9 4) / §10 5)". */
  citation: string;
  elementId: string;
  startedAt: string;
  endedAt: string | null;
  limit: string | null;
  /** The step whose limit it is: this one, or the step a part belongs to (step 4's task: "4"). */
  limitOf: string | null;
  deadline: string | null;
  /** The share of the limit used, until the end or until now while open (1 = all of it); null without a limit. */
  used: number | null;
  late: boolean;
}

/** A step's execution against its limit (§10), or null for an element that is no timed step of the regulation. */
export function stepRun(
  run: HistoricRun,
  runs: ReadonlyMap<string, ActivityRun>,
  steps: ReadonlyMap<string, RegulationStep>,
  now: Date,
): StepRun | null {
  const step = steps.get(run.activityId);
  if (!step) return null;
  const limit = stepLimit(run, runs, steps);
  const finished = run.endTime ? Date.parse(run.endTime) : now.getTime();
  let used: number | null = null;
  if (limit) {
    // A part's share is of the enclosing step's limit, counted from when that step started.
    const limitMs = durationMs(limit.limit);
    used = (finished - (Date.parse(limit.deadline) - limitMs)) / limitMs;
  }
  return {
    step: step.step,
    citation: step.citation,
    elementId: step.elementId,
    startedAt: run.startTime,
    endedAt: run.endTime,
    limit: limit?.limit ?? null,
    limitOf: limit?.of ?? null,
    deadline: limit?.deadline ?? null,
    used,
    late: limit !== null && finished > Date.parse(limit.deadline),
  };
}

/** Each execution of a timed step in an application's history, in the order they started. */
export function stepRuns<R extends HistoricRun>(
  history: readonly R[],
  steps: ReadonlyMap<string, RegulationStep>,
  now: Date,
): Array<{ run: R; view: StepRun }> {
  const runs = new Map(history.map((a) => [a.id, a]));
  // The engine orders by start time; a step and its first part can start in the same millisecond.
  const order = [...steps.keys()];
  return history
    .map((run) => ({ run, view: stepRun(run, runs, steps, now) }))
    .filter((r): r is { run: R; view: StepRun } => r.view !== null)
    .sort(
      (a, b) =>
        Date.parse(a.view.startedAt) - Date.parse(b.view.startedAt) ||
        order.indexOf(a.view.elementId) - order.indexOf(b.view.elementId),
    );
}

/** A step's execution still open at `now` is past its limit when it started before this instant. */
export function overdueIfStartedBefore(limit: string, now: Date): Date {
  return new Date(now.getTime() - durationMs(limit));
}

/** The whole term (§6) of one application: from its start until the result reached the out-tray or the cabinet. */
export interface TermRun {
  startedAt: string;
  /** When the result arrived (`term.metAt`); null while it has not. */
  metAt: string | null;
  limit: string;
  deadline: string;
  used: number;
  late: boolean;
}

export function termRun(
  term: { limit: string; metAt: readonly string[] },
  startedAt: string,
  history: readonly HistoricRun[],
  now: Date,
): TermRun {
  const arrivals = history
    .filter((r) => term.metAt.includes(r.activityId) && r.endTime !== null)
    .map((r) => Date.parse(r.endTime!));
  const met = arrivals.length ? Math.min(...arrivals) : null;
  const limitMs = durationMs(term.limit);
  const start = Date.parse(startedAt);
  const until = met ?? now.getTime();
  return {
    startedAt,
    metAt: met === null ? null : new Date(met).toISOString(),
    limit: term.limit,
    deadline: new Date(start + limitMs).toISOString(),
    used: (until - start) / limitMs,
    late: until - start > limitMs,
  };
}
