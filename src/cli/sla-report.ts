import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { InvalidArgumentError } from 'commander';
import cliProgress from 'cli-progress';
import { almatyDateTime, almatyInstant, calendarDate } from '../domain/almaty.js';
import { humanDuration, slaReport, type SlaReport } from '../domain/sla.js';
import { engineFor } from './lib/engine-login.js';
import { command, runMain } from './lib/main.js';
import { textTable } from './lib/table.js';
import { readHistory } from '../report/sla-history.js';
import { slaHtml } from '../report/sla-html.js';
import { printable } from '../domain/text.js';

/** A day or a time on Almaty's clock, or an instant with its offset. */
const date = (v: string) => {
  const at = almatyInstant(v) ?? (calendarDate(v) !== null ? new Date(v) : null);
  if (!at)
    throw new InvalidArgumentError(`not a date: ${v} (YYYY-MM-DD or YYYY-MM-DDTHH:mm in Almaty, or with an offset)`);
  return at;
};
const shown = (at: Date) => `${almatyDateTime(at)} Almaty (${at.toISOString()})`;
const args = command(
  'npm run sla-report --',
  "per step of the regulation: count, median and p95 duration against its limit, and every breach, for the applications started in the window (default: all), read from the engine's history",
)
  .option('--since <ISO-date>', "applications started from (a date: the start of Almaty's day)", date)
  .option('--until <ISO-date>', "applications started before (a date: the start of Almaty's day)", date)
  .option('--html <report.html>', 'also write the report as a page')
  .option('--json', 'print the report as JSON')
  .parse()
  .opts<{ since?: Date; until?: Date; html?: string; json?: boolean }>();

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
  return textTable(head, body);
}

await runMain(async (config) => {
  const { engine } = await engineFor(config, 'operator', 'npm run sla-report');
  const bar = new cliProgress.SingleBar(
    { format: 'reading history [{bar}] {percentage}% {value}/{total}', stream: process.stderr },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  const history = await readHistory(
    engine,
    config.regulation,
    { startedAfter: args.since, startedBefore: args.until },
    (done, total) => {
      if (!started) bar.start(total, 0);
      started = true;
      bar.update(done);
    },
  );
  bar.stop();
  const report = slaReport(config.regulation, history.spans, history.instances, history.recorded, Date.now());
  const window = `${args.since ? shown(args.since) : 'the beginning'} – ${args.until ? shown(args.until) : 'now'}`;
  if (args.json) console.log(JSON.stringify({ window, applications: history.instances.length, ...report }, null, 2));
  else {
    console.log(
      `SLA of ${config.regulation.process}: ${history.instances.length} application(s) started ${window}; limits in calendar time (${config.REGULATION_FILE})\n`,
    );
    console.log(table(report));
    console.log(`\nbreaches: ${report.breaches.length}`);
    for (const b of report.breaches) {
      console.log(
        `  ${printable(b.applicationId ?? b.processInstanceId)}  step ${b.step} (${b.clause}) ${b.element}: limit ${b.limit}, took ${humanDuration(b.tookMs)}${b.lateByMs !== null ? `, late by ${humanDuration(b.lateByMs)}` : ''}${b.open ? ', still open' : ''}${b.recordedByEngine ? ', recorded by the deadline timer' : ''}`,
      );
    }
  }
  if (args.html) {
    const file = resolve(args.html);
    writeFileSync(file, await slaHtml(report, `SLA of ${config.regulation.process}, ${window}`));
    console.error(`wrote ${file}`);
  }
});
