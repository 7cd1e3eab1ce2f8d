import type { TopLevelSpec } from 'vega-lite';
import { durationMs, durationWords } from '../domain/duration.js';
import { humanDuration, type SlaReport } from '../domain/sla.js';

/** One bar of the chart: a step with a limit and at least one measured duration. */
export interface ChartBar {
  /** The step and its element, in full (the axis never cuts it). */
  name: string;
  clause: string;
  /** p95 and median as a share of the step's limit (1 = the limit), each at least the chart's floor. */
  p95: number;
  median: number;
  /** What is written on the bar: "p95 0.02% of 6 days (median 0.01%, 4 measured)". */
  figure: string;
  /** The report's breaches of this step (measured late, or recorded by its deadline timer). */
  breaches: number;
  breached: boolean;
}

/** A share of a limit as a percentage with two significant figures: 0.00023 → "0.023%", 1.5 → "150%". */
export function percentOf(share: number): string {
  const pct = share * 100;
  if (pct === 0) return '0%';
  if (pct >= 10) return `${Math.round(pct)}%`;
  return `${Number(pct.toPrecision(2))}%`;
}

/**
 * The chart's bars and the lower end of its logarithmic axis. Steps take milliseconds against limits of
 * days, so a linear axis draws them 0 px wide: the axis is logarithmic from a power of ten below the
 * smallest share, and a share of 0 (a step measured as 0 ms) is drawn at that floor.
 */
export function chartBars(report: SlaReport): { bars: ChartBar[]; floor: number; ceiling: number } {
  const measured = report.rows.filter((r) => r.limit !== null && r.count > 0 && r.p95Ms !== null);
  const shares = measured.map((r) => {
    const limit = durationMs(r.limit!);
    return { r, p95: r.p95Ms! / limit, median: (r.medianMs ?? 0) / limit };
  });
  const smallest = Math.min(1, ...shares.flatMap((s) => [s.p95, s.median]).filter((v) => v > 0));
  const floor = 10 ** Math.floor(Math.log10(smallest) - 1);
  const ceiling = Math.max(2, ...shares.map((s) => s.p95 * 1.5));
  // A breach the deadline timer recorded counts as well as a duration measured past the limit.
  const breachesOf = (element: string) => report.breaches.filter((b) => b.element === element).length;
  const bars = shares.map(({ r, p95, median }) => ({
    name: `${r.step} ${r.element}`,
    clause: r.clause,
    p95: Math.max(p95, floor),
    median: Math.max(median, floor),
    figure: `p95 ${percentOf(p95)} of ${durationWords(r.limit!)} (${humanDuration(r.p95Ms)}; median ${percentOf(median)}, ${r.count} measured)${breachesOf(r.element) ? ` · ${breachesOf(r.element)} breach(es)` : ''}`,
    breaches: breachesOf(r.element),
    breached: breachesOf(r.element) > 0,
  }));
  return { bars, floor, ceiling };
}

/** The axis's ticks: 0.001%, 0.01%, … up to the ceiling (a log axis otherwise draws a line at every 2..9). */
const powersOfTen = (from: number, to: number) =>
  Array.from({ length: Math.floor(Math.log10(to / from)) + 1 }, (_, i) => Number((from * 10 ** i).toPrecision(1)));

const OK = '#2e7d32';
const LATE = '#c62828';

/** The Vega-Lite spec of the chart: p95 as a light bar, median as a dark one, the limit as a dashed rule. */
export function chartSpec(report: SlaReport): TopLevelSpec {
  const { bars, floor, ceiling } = chartBars(report);
  const late = report.breaches.length;
  const x = {
    type: 'quantitative' as const,
    scale: { type: 'log' as const, domain: [floor, ceiling], clamp: true },
  };
  const y = {
    field: 'name',
    type: 'nominal' as const,
    sort: null,
    title: null,
    // labelLimit 0: full names, never cut with an ellipsis.
    axis: { labelLimit: 0, labelFontSize: 12, labelPadding: 6, ticks: false, domain: false },
  };
  const colour = {
    field: 'breached',
    type: 'nominal' as const,
    scale: { domain: [false, true], range: [OK, LATE] },
    legend: null,
  };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: {
      text: late ? `${late} breach(es): a step past its limit` : 'every step within its limit',
      subtitle:
        "share of each step's limit, logarithmic: p95 (light bar), median (dark bar); the dashed line is the limit",
      color: late ? LATE : OK,
      anchor: 'start',
    },
    width: 560,
    config: { font: 'sans-serif', view: { stroke: null }, axis: { labelFontSize: 12 } },
    data: { values: bars },
    height: { step: 40 },
    layer: [
      {
        mark: { type: 'bar', opacity: 0.35, height: 26 },
        encoding: {
          x: {
            ...x,
            field: 'p95',
            title: "share of the step's limit",
            axis: { format: '~%', grid: true, labelOverlap: false, values: powersOfTen(floor, ceiling) },
          },
          x2: { datum: floor },
          y,
          color: colour,
        },
      },
      {
        mark: { type: 'bar', height: 10 },
        encoding: { x: { ...x, field: 'median' }, x2: { datum: floor }, y, color: colour },
      },
      {
        mark: { type: 'text', align: 'left', baseline: 'bottom', dx: 4, dy: -14, fontSize: 11 },
        encoding: {
          x: { datum: floor, type: 'quantitative', scale: x.scale },
          y,
          text: { field: 'figure' },
          color: { condition: { test: 'datum.breached', value: LATE }, value: '#222' },
        },
      },
      {
        data: { values: [{ limit: 1 }] },
        mark: { type: 'rule', strokeDash: [5, 3], color: '#000' },
        encoding: { x: { ...x, field: 'limit' } },
      },
    ],
  };
}

/** The chart as an SVG string, drawn here (no script or link in the page). */
export async function slaChartSvg(report: SlaReport): Promise<string> {
  if (!chartBars(report).bars.length) return '<p>No step with a limit has a measured duration in this window.</p>';
  // Loaded here, when a page is written: the report's other forms start without them.
  const [vega, vegaLite] = await Promise.all([import('vega'), import('vega-lite')]);
  const view = new vega.View(vega.parse(vegaLite.compile(chartSpec(report)).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
