import { escapeHtml as escape } from '../domain/text.js';
import { humanDuration, type SlaReport } from '../domain/sla.js';
import { slaChartSvg } from './sla-chart.js';

/** The report as one self-contained page: the chart drawn here as inline SVG, the table, the breaches. */
export async function slaHtml(report: SlaReport, title: string): Promise<string> {
  const row = (cells: Array<string | number>) =>
    `<tr>${cells.map((c) => `<td>${escape(String(c))}</td>`).join('')}</tr>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title>
<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}.late{color:#c62828}</style>
</head><body>
<h1>${escape(title)}</h1>
<h2>Per step: how much of the regulation's limit it takes</h2>
${await slaChartSvg(report)}
<table><tr><th>step</th><th>clause</th><th>element</th><th>limit</th><th>count</th><th>median</th><th>p95</th><th>max</th><th>late</th><th>open</th></tr>
${report.rows.map((r) => row([r.step, r.clause, r.element, r.limit ?? '—', r.count, humanDuration(r.medianMs), humanDuration(r.p95Ms), humanDuration(r.maxMs), r.late, r.open])).join('\n')}
</table>
<h2 class="late">Breaches (${report.breaches.length})</h2>
<table><tr><th>application</th><th>step</th><th>clause</th><th>element</th><th>limit</th><th>started (Almaty)</th><th>started (UTC)</th><th>took</th><th>late by</th><th>state</th><th>engine record</th></tr>
${report.breaches.map((b) => row([b.applicationId ?? b.processInstanceId, b.step, b.clause, b.element, b.limit, b.startedAtAlmaty, b.startedAt, humanDuration(b.tookMs), humanDuration(b.lateByMs), b.open ? 'open' : 'done', b.recordedByEngine ? 'yes' : 'no'])).join('\n')}
</table>
</body></html>
`;
}
