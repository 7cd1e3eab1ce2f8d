import { almatyDateTime } from './almaty.js';
import { durationMs } from './duration.js';
import { isTimedStep, stepsOf, type Regulation } from './regulation.js';

/** One execution of a step, or one whole application, from the engine's history (epoch ms). */
export interface Span {
  processInstanceId: string;
  startTime: number;
  endTime: number | null;
}

export interface Instance extends Span {
  businessKey: string | null;
}

export interface SlaRow {
  /** The regulation's name of the step ("1", "A1", "condition 3", or "term" (§6)). */
  step: string;
  /** The step's citation as the text numbers it (bpmn/regulation.yaml `cite`). */
  clause: string;
  element: string;
  limit: string | null;
  count: number;
  medianMs: number | null;
  p95Ms: number | null;
  maxMs: number | null;
  /** Executions finished late or still open past the limit. */
  late: number;
  open: number;
}

/** A step found late in the engine's history (the SLA report), recorded by a timer or not. */
export interface LateStep {
  applicationId: string | null;
  processInstanceId: string;
  step: string;
  clause: string;
  element: string;
  limit: string;
  startedAt: string;
  /** The same instant on Almaty's clock, "YYYY-MM-DD HH:mm". */
  startedAtAlmaty: string;
  /** How long the step took (or has been open so far); null when only the engine's record is known. */
  tookMs: number | null;
  lateByMs: number | null;
  open: boolean;
  /** The deadline timer fired and its breach task ran in the engine. */
  recordedByEngine: boolean;
}

export interface SlaReport {
  rows: SlaRow[];
  breaches: LateStep[];
}

/** Nearest-rank percentile (p in (0, 1]) of values sorted ascending. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)];
}

interface Measured {
  step: string;
  clause: string;
  element: string;
  limit: string | null;
}

/** The steps a worker or a person does (one row per element; two steps done by one element share a row), then the whole term. */
export function measuredSteps(regulation: Regulation): Measured[] {
  const rows = new Map<string, Measured>();
  for (const s of stepsOf(regulation).filter(isTimedStep)) {
    const row = rows.get(s.elementId);
    if (row) row.step = `${row.step}, ${s.step}`;
    else rows.set(s.elementId, { step: s.step, clause: s.citation, element: s.elementId, limit: s.limit ?? null });
  }
  return [
    ...rows.values(),
    { step: 'term', clause: regulation.term.clause, element: regulation.process, limit: regulation.term.limit },
  ];
}

/**
 * Per step of the regulation: how many executions, the median and 95th percentile of their duration
 * (finished ones), against the limit; and every breach: a step finished late or open past its limit,
 * or a breach the engine's deadline timer recorded. The 10-day term is measured to the result's arrival (`termOf`).
 */
export function slaReport(
  regulation: Regulation,
  spans: ReadonlyMap<string, readonly Span[]>,
  instances: readonly Instance[],
  recorded: ReadonlyArray<{ processInstanceId: string; element: string }>,
  now: number,
): SlaReport {
  const keyOf = new Map(instances.map((i) => [i.processInstanceId, i.businessKey]));
  const recordedSet = new Set(recorded.map((r) => `${r.processInstanceId} ${r.element}`));
  const breaches = new Map<string, LateStep>();
  const measured = measuredSteps(regulation);
  const termSpans = termOf(regulation, spans, instances);
  const rows = measured.map((m): SlaRow => {
    const executions = m.element === regulation.process ? termSpans : (spans.get(m.element) ?? []);
    const limitMs = m.limit ? durationMs(m.limit) : null;
    const finished = executions
      .filter((e) => e.endTime !== null)
      .map((e) => e.endTime! - e.startTime)
      .sort((a, b) => a - b);
    let late = 0;
    for (const e of executions) {
      const took = (e.endTime ?? now) - e.startTime;
      if (limitMs === null || took <= limitMs) continue;
      late += 1;
      breaches.set(`${e.processInstanceId} ${m.element}`, breachOf(m, e, took, took - limitMs, keyOf, recordedSet));
    }
    return {
      ...m,
      count: finished.length,
      medianMs: percentile(finished, 0.5),
      p95Ms: percentile(finished, 0.95),
      maxMs: finished.length ? finished[finished.length - 1] : null,
      late,
      open: executions.length - finished.length,
    };
  });
  const byElement = new Map(measured.map((m) => [m.element, m]));
  for (const r of recorded) {
    const key = `${r.processInstanceId} ${r.element}`;
    const m = byElement.get(r.element);
    if (breaches.has(key) || !m?.limit) continue;
    const span = (m.element === regulation.process ? termSpans : (spans.get(m.element) ?? [])).find(
      (s) => s.processInstanceId === r.processInstanceId,
    );
    const took = span ? (span.endTime ?? now) - span.startTime : null;
    breaches.set(
      key,
      breachOf(
        m,
        span ?? { processInstanceId: r.processInstanceId, startTime: Number.NaN, endTime: null },
        took,
        null,
        keyOf,
        recordedSet,
      ),
    );
  }
  return { rows, breaches: [...breaches.values()].sort((a, b) => a.startedAt.localeCompare(b.startedAt)) };
}

/**
 * §6: the term runs from the application to the moment the result reaches the State Corporation or the
 * cabinet (`term.metAt`), not to the hand-over; an application that ends without a result (a refusal at
 * intake) is measured to its end.
 */
export function termOf(
  regulation: Regulation,
  spans: ReadonlyMap<string, readonly Span[]>,
  instances: readonly Instance[],
): Instance[] {
  const reached = new Map<string, number>();
  for (const element of regulation.term.metAt) {
    for (const s of spans.get(element) ?? []) {
      if (s.endTime !== null && !(reached.get(s.processInstanceId)! <= s.endTime))
        reached.set(s.processInstanceId, s.endTime);
    }
  }
  return instances.map((i) =>
    reached.has(i.processInstanceId) ? { ...i, endTime: reached.get(i.processInstanceId)! } : i,
  );
}

function breachOf(
  m: Measured,
  e: Span,
  took: number | null,
  lateBy: number | null,
  keyOf: Map<string, string | null>,
  recorded: Set<string>,
): LateStep {
  return {
    applicationId: keyOf.get(e.processInstanceId) ?? null,
    processInstanceId: e.processInstanceId,
    step: m.step,
    clause: m.clause,
    element: m.element,
    limit: m.limit!,
    startedAt: Number.isNaN(e.startTime) ? '' : new Date(e.startTime).toISOString(),
    startedAtAlmaty: Number.isNaN(e.startTime) ? '' : almatyDateTime(new Date(e.startTime)),
    tookMs: took,
    lateByMs: lateBy,
    open: e.endTime === null,
    recordedByEngine: recorded.has(`${e.processInstanceId} ${m.element}`),
  };
}

/** 950 ms, 12.3 s, 14 min, 2 h 5 min, 3 d 4 h. */
export function humanDuration(ms: number | null): string {
  if (ms === null) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h${minutes % 60 ? ` ${minutes % 60} min` : ''}`;
  return `${Math.floor(hours / 24)} d${hours % 24 ? ` ${hours % 24} h` : ''}`;
}
