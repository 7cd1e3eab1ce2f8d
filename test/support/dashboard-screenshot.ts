/**
 * docs/dashboard.png: the Grafana dashboard's queries (ops/grafana/housing-assistance.json) drawn from a
 * real Prometheus, since Grafana cannot be installed here. Each panel's targets go through
 * /api/v1/query_range and are drawn as lines in Debian's Chromium.
 *   node --import tsx test/support/dashboard-screenshot.ts http://127.0.0.1:9090 docs/dashboard.png [minutes]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../src/paths.js';
import { launchChromium } from '../../src/stack/chromium.js';

const [prometheus = 'http://127.0.0.1:9090', out = join(ROOT, 'docs', 'dashboard.png'), minutes = '30'] =
  process.argv.slice(2);
const dashboard = JSON.parse(readFileSync(join(ROOT, 'ops', 'grafana', 'housing-assistance.json'), 'utf8')) as {
  title: string;
  panels: Array<{
    type: string;
    title: string;
    gridPos: { w: number };
    targets?: Array<{ expr: string; legendFormat: string }>;
  }>;
};
const end = Date.now() / 1000;
const start = end - Number(minutes) * 60;
const step = Math.max(15, Math.round((end - start) / 120));
type Series = { metric: Record<string, string>; values: Array<[number, string]> };

async function range(expr: string): Promise<Series[]> {
  const q = new URLSearchParams({
    query: expr.replaceAll('$district', '.*'),
    start: String(start),
    end: String(end),
    step: String(step),
  });
  const body = (await (await fetch(`${prometheus}/api/v1/query_range?${q.toString()}`)).json()) as {
    data?: { result: Series[] };
  };
  return body.data?.result ?? [];
}
const legend = (format: string, metric: Record<string, string>) =>
  format.replace(/\{\{\s*(\w+)\s*\}\}/g, (_m, k: string) => metric[k] ?? '');
const esc = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
const COLORS = [
  '#73bf69',
  '#f2cc0c',
  '#5794f2',
  '#ff780a',
  '#f2495c',
  '#b877d9',
  '#8ab8ff',
  '#fade2a',
  '#37872d',
  '#c4162a',
];

function chart(lines: Array<{ name: string; points: Array<[number, number]> }>): string {
  const W = 560;
  const H = 150;
  const all = lines.flatMap((l) => l.points.map((p) => p[1])).filter(Number.isFinite);
  const top = Math.max(0, ...all);
  const max = top || 1;
  const x = (t: number) => ((t - start) / (end - start)) * W;
  const y = (v: number) => H - (v / max) * (H - 10);
  const paths = lines
    .slice(0, 10)
    .map(
      (l, i) =>
        `<polyline fill="none" stroke="${COLORS[i % COLORS.length]}" stroke-width="2" points="${l.points
          .filter((p) => Number.isFinite(p[1]))
          .map((p) => `${x(p[0]).toFixed(1)},${y(p[1]).toFixed(1)}`)
          .join(' ')}"/>`,
    )
    .join('');
  const legendRows = lines
    .slice(0, 10)
    .map(
      (l, i) =>
        `<div class="l"><span style="background:${COLORS[i % COLORS.length]}"></span>${esc(l.name)}<b>${+(l.points.at(-1)?.[1] ?? 0).toPrecision(3)}</b></div>`,
    )
    .join('');
  return `<svg viewBox="0 0 ${W} ${H}" preserveAspectRatio="none"><line x1="0" y1="${H}" x2="${W}" y2="${H}" stroke="#444"/><text x="2" y="10">${+top.toPrecision(3)}</text>${paths}</svg><div class="legend">${legendRows || '<i>no data</i>'}</div>`;
}

const cells: string[] = [];
for (const panel of dashboard.panels) {
  if (panel.type === 'row') {
    cells.push(`<h2>${esc(panel.title)}</h2>`);
    continue;
  }
  const lines: Array<{ name: string; points: Array<[number, number]> }> = [];
  for (const t of panel.targets ?? [])
    for (const s of await range(t.expr))
      lines.push({ name: legend(t.legendFormat, s.metric), points: s.values.map(([at, v]) => [at, Number(v)]) });
  cells.push(
    `<div class="p" style="grid-column: span ${panel.gridPos.w}"><h3>${esc(panel.title)}</h3>${chart(lines)}</div>`,
  );
}
const html = `<!doctype html><meta charset="utf-8"><style>
body{background:#111217;color:#ccccdc;font:12px sans-serif;margin:12px;width:1400px}
h1{font-size:18px;margin:0 0 4px} h2{grid-column:span 24;font-size:14px;margin:10px 0 0;color:#fff}
.grid{display:grid;grid-template-columns:repeat(24,1fr);gap:8px}
.p{background:#181b1f;border:1px solid #2a2d33;padding:6px;border-radius:3px} h3{font-size:12px;margin:0 0 4px;color:#fff}
svg{width:100%;height:110px} svg text{fill:#888;font-size:10px}
.legend{max-height:80px;overflow:hidden} .l{display:flex;gap:6px;align-items:center;white-space:nowrap}
.l span{width:10px;height:3px;display:inline-block} .l b{margin-left:auto;font-weight:normal;color:#fff}
</style><h1>${esc(dashboard.title)}</h1><div>the dashboard's queries over the last ${minutes} min from ${esc(prometheus)} (Prometheus query_range, step ${step} s)</div><div class="grid">${cells.join('')}</div>`;
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1424, height: 800 } });
  await page.setContent(html);
  await page.screenshot({ path: out, fullPage: true });
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
}
