import { escapeHtml as escape } from '../domain/text.js';
import { durationMs } from '../domain/duration.js';
import { humanDuration, type SlaReport } from '../domain/sla.js';

/** A bar per step: median and p95 as a share of the regulation's limit; the line is the limit. */
function chart(report: SlaReport): string {
  const rows = report.rows.filter((r) => r.limit && r.count > 0);
  const width = 720;
  const left = 170;
  const scale = (width - left - 20) / 2; // 0..200 % of the limit
  const height = 30 + rows.length * 34;
  const bars = rows.map((r, i) => {
    const y = 20 + i * 34;
    const share = (ms: number | null) => Math.min(2, (ms ?? 0) / durationMs(r.limit!));
    const colour = (r.p95Ms ?? 0) > durationMs(r.limit!) ? '#c62828' : '#2e7d32';
    return `<text x="${left - 8}" y="${y + 14}" text-anchor="end">${escape(`${r.step} ${r.element}`.slice(0, 28))}</text>
<rect x="${left}" y="${y}" width="${share(r.p95Ms) * scale}" height="20" fill="${colour}" opacity="0.35"><title>p95 ${humanDuration(r.p95Ms)} of ${r.limit}</title></rect>
<rect x="${left}" y="${y + 5}" width="${share(r.medianMs) * scale}" height="10" fill="${colour}"><title>median ${humanDuration(r.medianMs)} of ${r.limit}</title></rect>`;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="12">
${bars.join('\n')}
<line x1="${left + scale}" y1="10" x2="${left + scale}" y2="${height - 10}" stroke="#000" stroke-dasharray="4 3"/>
<text x="${left + scale + 4}" y="${height - 4}">the limit</text>
</svg>`;
}

export function slaHtml(report: SlaReport, title: string): string {
  const row = (cells: Array<string | number>) =>
    `<tr>${cells.map((c) => `<td>${escape(String(c))}</td>`).join('')}</tr>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title>
<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}.late{color:#c62828}</style>
</head><body>
<h1>${escape(title)}</h1>
<h2>Per step: median (dark) and p95 (light) against the regulation's limit</h2>
${chart(report)}
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
