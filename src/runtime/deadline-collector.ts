import { Counter, Gauge, type Registry } from 'prom-client';
import { deadlineSnapshot, type DeadlineInput, type DeadlineSnapshot } from '../domain/deadline-metrics.js';
import type { Regulation } from '../domain/regulation.js';
import { allPages, parseEngineTime, type CamundaClient, type Page } from '../engine/camunda.js';

const PAGE = 500;
/** How long one reading of the engine serves scrapes: every replica and Prometheus scrape asks at most this often. */
export const DEADLINES_MAX_AGE_MS = 15_000;

const everyPage = <T>(read: (page: Page) => Promise<T[]>) =>
  allPages((firstResult) => read({ firstResult, maxResults: PAGE }), PAGE);

/**
 * What the deadline metrics need, read from the engine's history: the open executions and running
 * instances of every version, which of them have delivered the result (§6 `metAt`), the breaches the
 * timers recorded (`breachedElement`), and the `district` of each application concerned. Its cost grows
 * with the applications in progress and the breaches, not with the finished history.
 */
export async function readDeadlineInput(
  engine: CamundaClient,
  regulation: Regulation,
  now: number,
): Promise<DeadlineInput> {
  const key = regulation.process;
  const definitions = await engine.processDefinitions(key);
  const open = (
    await Promise.all(definitions.map((d) => everyPage((page: Page) => engine.unfinishedActivities(d.id, page))))
  ).flat();
  const [running, reached] = await Promise.all([
    everyPage((page: Page) => engine.unfinishedInstances(key, page)),
    everyPage((page: Page) => engine.unfinishedInstances(key, page, regulation.term.metAt)),
  ]);
  const reachedIds = new Set(reached.map((p) => p.id));
  const recorded = (
    await Promise.all(
      definitions.map((d) =>
        everyPage((page: Page) =>
          engine.historicVariables({ processDefinitionId: d.id, variableName: 'breachedElement' }, page),
        ),
      ),
    )
  ).flat();
  const breaches = recorded.flatMap((v) =>
    typeof v.value === 'string' ? [{ processInstanceId: v.processInstanceId, element: v.value }] : [],
  );
  const ids = [...new Set([...running.map((p) => p.id), ...breaches.map((b) => b.processInstanceId)])];
  const districts = new Map<string, string>();
  for (let i = 0; i < ids.length; i += PAGE) {
    const chunk = ids.slice(i, i + PAGE);
    for (const v of await everyPage((page: Page) => engine.variableOfInstances('district', chunk, page)))
      if (typeof v.value === 'string') districts.set(v.processInstanceId, v.value);
  }
  return {
    open: open
      .filter((a) => !a.canceled)
      .map((a) => ({
        processInstanceId: a.processInstanceId,
        activityId: a.activityId,
        startTime: parseEngineTime(a.startTime),
      })),
    running: running.map((p) => ({
      processInstanceId: p.id,
      startTime: parseEngineTime(p.startTime),
      resultReached: reachedIds.has(p.id),
    })),
    breaches,
    districts,
    now,
  };
}

/**
 * The deadline metrics (`housing_step_*`, `housing_term_*`, `housing_deadline_breaches_total`), read
 * from the engine when scraped, one reading shared for `maxAgeMs`. When the engine does not answer they
 * are left out (not zeros that would look like no backlog) and `onError` is told.
 */
export function deadlineMetrics(
  registry: Registry,
  read: () => Promise<DeadlineSnapshot>,
  onError: (e: Error) => void,
  maxAgeMs = DEADLINES_MAX_AGE_MS,
) {
  let cached: { at: number; snapshot: Promise<DeadlineSnapshot | null> } | undefined;
  const current = (): Promise<DeadlineSnapshot | null> => {
    if (!cached || Date.now() - cached.at > maxAgeMs) {
      const snapshot = read().catch((e: Error) => {
        onError(e);
        cached = undefined;
        return null;
      });
      cached = { at: Date.now(), snapshot };
    }
    return cached.snapshot;
  };
  const step = ['step', 'district'] as const;
  /** A metric whose series are the rows of the current snapshot, set at each scrape. */
  function rows<L extends string>(
    metric: { name: string; help: string; labelNames: readonly L[] },
    of: (s: DeadlineSnapshot) => Array<{ labels: Record<L, string>; value: number }>,
    kind: typeof Gauge | typeof Counter = Gauge,
  ) {
    const set = (m: Gauge<L> | Counter<L>, labels: Record<L, string>, value: number) =>
      m instanceof Gauge ? m.set(labels, value) : m.inc(labels, value);
    return new (kind as typeof Gauge<L>)({
      ...metric,
      registers: [registry],
      async collect() {
        const snapshot = await current();
        this.reset();
        for (const r of snapshot ? of(snapshot) : []) set(this, r.labels, r.value);
      },
    });
  }
  const byStep = (r: { step: string; district: string }) => ({ step: r.step, district: r.district });
  return {
    stepApplications: rows(
      {
        name: 'housing_step_applications',
        help: 'Applications now in a step of the regulation that has a time limit (§10), per district',
        labelNames: step,
      },
      (s) => s.steps.map((r) => ({ labels: byStep(r), value: r.applications })),
    ),
    stepOverdue: rows(
      {
        name: 'housing_step_overdue',
        help: "Applications in a step for longer than the step's time limit (§10), per district",
        labelNames: step,
      },
      (s) => s.steps.map((r) => ({ labels: byStep(r), value: r.overdue })),
    ),
    breaches: rows(
      {
        name: 'housing_deadline_breaches_total',
        help: "Breaches of a time limit recorded by the engine's deadline timers (§6, §10), per step (term: the 10 days) and district",
        labelNames: step,
      },
      (s) => s.breaches.map((r) => ({ labels: byStep(r), value: r.count })),
      Counter,
    ),
    termApplications: rows(
      {
        name: 'housing_term_applications',
        help: 'Applications whose result has not yet reached the State Corporation or the cabinet (§6), per district',
        labelNames: ['district'],
      },
      (s) => s.term.map((r) => ({ labels: { district: r.district }, value: r.applications })),
    ),
    termOverdue: rows(
      {
        name: 'housing_term_overdue',
        help: 'Of those, the applications past the 10 calendar days of §6, per district',
        labelNames: ['district'],
      },
      (s) => s.term.map((r) => ({ labels: { district: r.district }, value: r.overdue })),
    ),
  };
}

/** The deadline metrics of the process in `engine`, as this engine user sees it (needs READ_HISTORY and READ_HISTORY_VARIABLE). */
export function engineDeadlineMetrics(
  registry: Registry,
  engine: CamundaClient,
  regulation: Regulation,
  onError: (e: Error) => void,
) {
  return deadlineMetrics(
    registry,
    async () => deadlineSnapshot(regulation, await readDeadlineInput(engine, regulation, Date.now())),
    onError,
  );
}
