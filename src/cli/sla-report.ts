import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { humanDuration, slaReport, type SlaReport } from '../domain/sla.js';
import { CamundaClient } from '../engine/camunda.js';
import { runMain } from '../runtime/main.js';
import { readHistory } from '../report/sla-history.js';
import { slaHtml } from '../report/sla-html.js';

const USAGE = `usage: npm run sla-report -- [--since ISO-date] [--until ISO-date] [--html report.html] [--json]
  per step of the regulation: count, median and p95 duration against its limit, and every breach,
  for the applications started in the window (default: all), read from the engine's history.`;

function options() {
  try {
    const { values } = parseArgs({
      options: {
        since: { type: 'string' },
        until: { type: 'string' },
        html: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    const date = (name: string, v?: string) => {
      if (v === undefined) return undefined;
      const d = new Date(v);
      if (Number.isNaN(d.getTime())) throw new Error(`--${name}: not a date: ${v}`);
      return d;
    };
    return { ...values, since: date('since', values.since), until: date('until', values.until) };
  } catch (e) {
    console.error(`${(e as Error).message}\n${USAGE}`);
    process.exit(2);
  }
}

function table(report: SlaReport): string {
  const head = ['step', 'clause', 'element', 'limit', 'count', 'median', 'p95', 'max', 'late', 'open'];
  const body = report.rows.map((r) => [
    r.step,
    r.clause,
    r.element,
    r.limit ?? '—',
    String(r.count),
    humanDuration(r.medianMs),
    humanDuration(r.p95Ms),
    humanDuration(r.maxMs),
    String(r.late),
    String(r.open),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)));
  return [head, ...body]
    .map((row) =>
      row
        .map((c, i) => c.padEnd(widths[i]))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

const args = options();
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}
await runMain(async (config) => {
  const engine = new CamundaClient(config.CAMUNDA_URL, { user: config.CAMUNDA_USER, password: config.CAMUNDA_PASSWORD });
  const bar = new cliProgress.SingleBar(
    { format: 'reading history [{bar}] {percentage}% {value}/{total}', stream: process.stderr },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  const history = await readHistory(engine, config.regulation, { startedAfter: args.since, startedBefore: args.until }, (done, total) => {
    if (!started) bar.start(total, 0);
    started = true;
    bar.update(done);
  });
  bar.stop();
  const report = slaReport(config.regulation, history.spans, history.instances, history.recorded, Date.now());
  const window = `${args.since?.toISOString() ?? 'the beginning'} – ${args.until?.toISOString() ?? 'now'}`;
  if (args.json) console.log(JSON.stringify({ window, applications: history.instances.length, ...report }, null, 2));
  else {
    console.log(
      `SLA of ${config.regulation.process}: ${history.instances.length} application(s) started ${window}; limits in calendar time (${config.REGULATION_FILE})\n`,
    );
    console.log(table(report));
    console.log(`\nbreaches: ${report.breaches.length}`);
    for (const b of report.breaches) {
      console.log(
        `  ${b.applicationId ?? b.processInstanceId}  step ${b.step} (${b.clause}) ${b.element}: limit ${b.limit}, took ${humanDuration(b.tookMs)}${b.lateByMs !== null ? `, late by ${humanDuration(b.lateByMs)}` : ''}${b.open ? ', still open' : ''}${b.recordedByEngine ? ', recorded by the deadline timer' : ''}`,
      );
    }
  }
  if (args.html) {
    const file = resolve(args.html);
    writeFileSync(file, slaHtml(report, `SLA of ${config.regulation.process}, ${window}`));
    console.error(`wrote ${file}`);
  }
});
