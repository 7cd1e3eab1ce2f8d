import { DISTRICT_IDS, isDistrict } from './districts.js';
import { durationMs } from './duration.js';
import type { Regulation } from './regulation.js';

/** The district label of an application whose `district` variable is missing or not one of Almaty's. */
export const UNKNOWN_DISTRICT = 'unknown';
/** The step label of a breach of the whole 10-day term (§6). */
export const TERM_STEP = 'term';

/** An execution of a BPMN element still open in the engine (epoch ms). */
export interface OpenRun {
  processInstanceId: string;
  activityId: string;
  startTime: number;
}

/** A running application: when it started, whether its result has reached the applicant's side (§6 term met). */
export interface RunningApplication {
  processInstanceId: string;
  startTime: number;
  resultReached: boolean;
}

export interface DeadlineInput {
  open: readonly OpenRun[];
  running: readonly RunningApplication[];
  /** A breach the engine's deadline timer recorded: the breached element (a step's, or the process for the term). */
  breaches: ReadonlyArray<{ processInstanceId: string; element: string }>;
  /** The `district` variable of each application (running, or with a breach). */
  districts: ReadonlyMap<string, string>;
  now: number;
}

export interface StepRow {
  step: string;
  district: string;
  applications: number;
  overdue: number;
}

export interface DeadlineSnapshot {
  /** One row per step with a limit (§10) and district, zeros included, so an alert sees 0 rather than nothing. */
  steps: StepRow[];
  term: Array<{ district: string; applications: number; overdue: number }>;
  breaches: Array<{ step: string; district: string; count: number }>;
}

const districtOf = (districts: ReadonlyMap<string, string>, id: string): string => {
  const d = districts.get(id);
  return d !== undefined && isDistrict(d) ? d : UNKNOWN_DISTRICT;
};

/**
 * Per step of the regulation that has a time limit and per district: the applications in the step now,
 * those in it longer than the limit (§10), and the breaches the deadline timers recorded; the 10-day
 * term (§6) likewise, counted until the result reaches the State Corporation or the cabinet.
 */
export function deadlineSnapshot(regulation: Regulation, input: DeadlineInput): DeadlineSnapshot {
  const limited = regulation.steps.filter((s) => s.limit);
  const stepOfElement = new Map(limited.map((s) => [s.element, { step: s.step, limitMs: durationMs(s.limit!) }]));
  const districts = new Set<string>(DISTRICT_IDS);
  const seen = (id: string) => {
    const d = districtOf(input.districts, id);
    districts.add(d);
    return d;
  };
  const key = (step: string, district: string) => `${step}\u0000${district}`;

  // An application counts once per step, however many executions of the element it has open.
  const inStep = new Map<string, { processInstanceId: string; step: string; startTime: number; limitMs: number }>();
  for (const run of input.open) {
    const step = stepOfElement.get(run.activityId);
    if (!step) continue;
    const k = `${run.processInstanceId}\u0000${step.step}`;
    const earlier = inStep.get(k);
    if (!earlier || run.startTime < earlier.startTime)
      inStep.set(k, { processInstanceId: run.processInstanceId, ...step, startTime: run.startTime });
  }
  const stepCounts = new Map<string, { applications: number; overdue: number }>();
  for (const s of inStep.values()) {
    const k = key(s.step, seen(s.processInstanceId));
    const c = stepCounts.get(k) ?? { applications: 0, overdue: 0 };
    c.applications += 1;
    if (input.now - s.startTime > s.limitMs) c.overdue += 1;
    stepCounts.set(k, c);
  }

  const termMs = durationMs(regulation.term.limit);
  const termCounts = new Map<string, { applications: number; overdue: number }>();
  for (const a of input.running) {
    if (a.resultReached) continue;
    const d = seen(a.processInstanceId);
    const c = termCounts.get(d) ?? { applications: 0, overdue: 0 };
    c.applications += 1;
    if (input.now - a.startTime > termMs) c.overdue += 1;
    termCounts.set(d, c);
  }

  const breachCounts = new Map<string, number>();
  const once = new Set<string>();
  for (const b of input.breaches) {
    const step = b.element === regulation.process ? TERM_STEP : stepOfElement.get(b.element)?.step;
    if (!step || once.has(`${b.processInstanceId}\u0000${step}`)) continue;
    once.add(`${b.processInstanceId}\u0000${step}`);
    const k = key(step, seen(b.processInstanceId));
    breachCounts.set(k, (breachCounts.get(k) ?? 0) + 1);
  }

  const all = [...districts];
  return {
    steps: limited.flatMap((s) =>
      all.map((district) => ({
        step: s.step,
        district,
        ...(stepCounts.get(key(s.step, district)) ?? { applications: 0, overdue: 0 }),
      })),
    ),
    term: all.map((district) => ({ district, ...(termCounts.get(district) ?? { applications: 0, overdue: 0 }) })),
    breaches: [...limited.map((s) => s.step), TERM_STEP].flatMap((step) =>
      all.map((district) => ({ step, district, count: breachCounts.get(key(step, district)) ?? 0 })),
    ),
  };
}
