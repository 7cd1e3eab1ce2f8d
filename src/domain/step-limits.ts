import { addDuration } from './duration.js';
import type { RegulationStep } from './regulation.js';

/** One execution of a BPMN element, as the engine's history records it. */
export interface ActivityRun {
  id: string;
  activityId: string;
  parentActivityInstanceId: string | null;
  startTime: string;
}

export interface StepLimit {
  /** The regulation's name of the step whose limit this is ("4" for every part of step 4). */
  of: string;
  limit: string;
  deadline: string;
}

/**
 * A step's limit and deadline. A part of a step has no limit of its own: the regulation gives it to the
 * whole step (§10: step 3's 2 days, step 4's 6 days), which the diagram draws as a subprocess around its
 * parts, so a part shows the enclosing step's limit, counted from when that step started. null for a step
 * the regulation gives no limit, inside no step that has one.
 */
export function stepLimit(
  run: ActivityRun,
  runs: ReadonlyMap<string, ActivityRun>,
  steps: ReadonlyMap<string, RegulationStep>,
): StepLimit | null {
  for (let at: ActivityRun | undefined = run; at; at = runs.get(at.parentActivityInstanceId ?? '')) {
    const step = steps.get(at.activityId);
    if (step?.limit) return { of: step.step, limit: step.limit, deadline: addDuration(at.startTime, step.limit) };
  }
  return null;
}
