import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { checkBeforeDeploy } from '../check/before-deploy.js';
import { parseModel, readModel, type Model } from '../check/model-file.js';
import { isTimer } from '../check/rule.js';
import { loadRegulation, loadYaml } from '../config.js';
import {
  deadlineChanges,
  elementMappingSchema,
  limitChanged,
  mappingFileName,
  stepOfWait,
  timerLimits,
  topicsLeft,
  unmappedWaits,
  waitRows,
  type TopicLeft,
  type WaitRow,
  withAttachedEvents,
} from '../domain/amendment.js';
import { durationMs } from '../domain/duration.js';
import type { CamundaClient, ProcessDefinition } from '../engine/camunda.js';
import { BPMN_DIR, describeDeployment, deployModels, modelFiles, runsAlready } from '../engine/deployment.js';
import {
  batchProgress,
  instanceIds,
  migrationBatches,
  migrationPlan,
  openTopics,
  planFailures,
  resumeBatch,
  startMigration,
  timerCorrections,
  waitingActivities,
  waitingSince,
  withProbe,
  type Batch,
} from '../engine/migration.js';
import { engineFor } from './lib/engine-login.js';
import { WORKERS } from '../../workers/all.js';
import { command, runMain } from './lib/main.js';
import { textTable } from './lib/table.js';

const program = command(
  'npm run amend --',
  "an amendment of the regulation in one operation: checks the new diagram and regulation as deploy does, builds the migration plan of the running applications (elements of the same id, plus bpmn/migrations/<from>-to-<to>.yaml for renamed ones) and has the engine validate it before anything is deployed; then deploys, migrates them as an engine batch, sets each deadline timer to the regulation's limit counted from its step's start, and verifies (exit 1 on any failure). Run again after an interruption: it finishes what is left and changes nothing twice.",
)
  .option('--bpmn <dir>', 'the folder of the amended diagram, its forms, regulation.yaml and migrations/', BPMN_DIR)
  .option('--dry-run', 'print the plan, the waiting applications and their deadlines before and after; change nothing')
  .parse();
const opts = program.opts<{ bpmn: string; dryRun?: boolean }>();
const dir = opts.bpmn;

const POLL_MS = 500;
/** Due dates listed per changed deadline in the dry run; the table counts them all. */
const SHOWN_STARTS = 5;
const day = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

interface Source {
  definition: ProcessDefinition;
  model: Model;
  renamed: Record<string, string>;
  mappingFile: string;
}

await runMain(async (config) => {
  const { engine } = await engineFor(config, 'administrator', 'npm run amend');
  const regulation = loadRegulation(join(dir, 'regulation.yaml'));
  const { act } = regulation;
  const diagrams = readdirSync(dir).filter((f) => f.endsWith('.bpmn'));
  if (diagrams.length !== 1) throw new Error(`${dir} holds ${diagrams.length} diagrams; an amendment is one`);
  const model = await readModel(join(dir, diagrams[0]));
  const files = modelFiles(dir);

  console.log(`amendment: ${act.title}, version ${act.version}, in effect ${act.effective}, amends ${act.amends}`);
  console.log(`running applications: ${act.running}`);
  const { problems, lines } = await checkBeforeDeploy(engine, dir, regulation);
  for (const line of lines) console.log(line);

  const deployed = await runsAlready(engine, files);
  const definitions = await engine.processDefinitions(model.processId);
  const target = deployed ? definitions[0] : undefined;
  const limits = timerLimits(
    regulation,
    [...model.elements.values()].filter((e) => isTimer(e)),
  );

  // Versions whose instances this amendment moves (an earlier run may have moved some already).
  const sources: Source[] = [];
  for (const definition of definitions) {
    if (definition.id === target?.id) continue;
    if ((await instanceIds(engine, definition.id)).length === 0) continue;
    const from = definition.versionTag ?? `version-${definition.version}`;
    const mappingFile = join(dir, 'migrations', mappingFileName(from, act.version));
    const renamed = existsSync(mappingFile) ? loadYaml(mappingFile, elementMappingSchema, 'mapping').elements : {};
    const xml = await engine.processDefinitionXml(definition.id);
    const old = await parseModel(xml, `version ${definition.version}`);
    const mapped = withAttachedEvents(renamed, old.elements.values(), model.elements);
    sources.push({ definition, model: old, renamed: mapped, mappingFile });
  }

  // The plan of each version, checked before anything is deployed.
  let refusals = 0;
  const newElements = new Set([...model.elements.keys()]);
  const workerTopics = new Set(WORKERS.map((w) => w.topic));
  for (const source of sources) {
    const { definition, renamed, mappingFile } = source;
    const waiting = await waitingActivities(engine, definition.id);
    const count = (await instanceIds(engine, definition.id)).length;
    console.log(
      `\nversion ${definition.version} (${definition.versionTag ?? 'no version tag'}): ${count} application(s) running` +
        (Object.keys(renamed).length ? `, mapping ${mappingFile}` : ', no mapping file'),
    );
    for (const w of waiting) console.log(`  ${w.activityId}: ${w.instances} waiting`);
    if (act.running === 'finish-on-old') {
      // They finish on this version: each of its tasks' topics needs its worker until then.
      const unserved = [...new Set([...source.model.elements.values()].map((e) => e.topic))]
        .filter((t): t is string => !!t && !workerTopics.has(t))
        .sort();
      for (const t of unserved)
        console.log(
          `  ✗ topic ${t} of this version has no worker in workers/: its ${count} application(s) could wait on it forever`,
        );
      refusals += unserved.length;
      continue;
    }
    const stuck = unmappedWaits(waiting, newElements, renamed, mappingFile);
    for (const s of stuck) console.log(`  ✗ ${s.instances} at ${s.activityId} would not migrate: ${s.why}`);
    const topics = topicsLeft(
      await openTopics(engine, definition.id),
      (id) => model.elements.get(id)?.topic,
      renamed,
      workerTopics,
    );
    for (const t of topics) console.log(topicLine(t));
    refusals += stuck.length + topics.filter((t) => !t.served).length;
    // A diagram the checks refused is not deployed, not even as the engine's probe.
    const failures = problems
      ? []
      : target
        ? await planFailures(engine, await migrationPlan(engine, definition.id, target.id, renamed))
        : await withProbe(engine, files, model.processId, async (probe) =>
            planFailures(engine, await migrationPlan(engine, definition.id, probe, renamed)),
          );
    for (const f of failures) console.log(`  ✗ the engine rejects the plan: ${f}`);
    refusals += failures.length;
    const changes = deadlineChanges(
      [...source.model.elements.values()].filter((e) => isTimer(e)),
      limits,
      renamed,
    );
    const now = Date.now();
    for (const change of changes.filter(limitChanged)) {
      const from = limits.get(change.timer)!.from;
      const oldFrom = Object.keys(renamed).find((id) => renamed[id] === from) ?? from;
      const starts = from === 'process' ? [] : await waitingSince(engine, definition.id, oldFrom);
      const past = starts.filter((s) => s + durationMs(change.after) <= now).length;
      console.log(
        `  deadline of step ${change.step} (${change.timer}): ${change.before ?? 'none'} → ${change.after} from the step's start; ${starts.length} waiting, ${past} already past it${past ? ' (its breach is recorded at once)' : ''}`,
      );
      // The earliest started first: they are the ones nearest their deadline.
      for (const s of starts.slice(0, SHOWN_STARTS))
        console.log(
          `    started ${day(s)}: due ${change.before ? day(s + durationMs(change.before)) : '—'} → ${day(Math.max(s + durationMs(change.after), now))}`,
        );
      if (starts.length > SHOWN_STARTS) console.log(`    … and ${starts.length - SHOWN_STARTS} more, started later`);
    }
    const stepOf = (activityId: string) =>
      stepOfWait(activityId, (id) => source.model.elements.get(id)?.parent, limits, renamed);
    const starts = new Map<string, number[]>();
    for (const w of waiting) {
      const scope = stepOf(w.activityId)?.scope;
      if (scope && !starts.has(scope)) starts.set(scope, await waitingSince(engine, definition.id, scope));
    }
    console.log(waitTable(waitRows(waiting, stuck, changes, stepOf, starts, now)));
  }
  refusals += problems;
  if (refusals) {
    console.log(
      problems
        ? `\nrefused: ${problems} finding(s) against the regulation and the workers${refusals > problems ? `, ${refusals - problems} problem(s) with the running applications` : ''}; nothing deployed`
        : `\nrefused: ${refusals} problem(s) with the migration plan; nothing deployed`,
    );
    process.exitCode = 1;
    return;
  }
  if (opts.dryRun) {
    console.log('\ndry run: nothing deployed, nothing migrated');
    return;
  }

  const deployment = await deployModels(engine, dir, `housing-assistance amend ${act.version}`);
  for (const line of describeDeployment(deployment)) console.log(line);
  const [running] = await engine.processDefinitions(model.processId);

  const left: string[] = [];
  if (act.running === 'finish-on-old') {
    for (const s of sources) left.push(...(await instanceIds(engine, s.definition.id)));
    console.log(`${left.length} application(s) finish on their versions: the act does not move cases in progress`);
  } else {
    const moving = new Set<string>();
    for (const s of sources) for (const id of await instanceIds(engine, s.definition.id)) moving.add(id);
    // An earlier run's batch first: its instances must not be planned twice.
    for (const batch of await migrationBatches(engine))
      if (!(await batchProgress(engine, batch.id)).done) await follow(engine, batch, 'an earlier run', true);
    for (const s of sources) {
      if ((await instanceIds(engine, s.definition.id)).length === 0) continue;
      const plan = await migrationPlan(engine, s.definition.id, running.id, s.renamed);
      const failures = await planFailures(engine, plan);
      if (failures.length)
        throw new Error(`the engine rejects the plan of version ${s.definition.version}: ${failures.join('; ')}`);
      await follow(engine, await startMigration(engine, plan), `version ${s.definition.version}`);
    }
    const lost: string[] = [];
    for (const id of moving) {
      const [h] = await engine.historicProcessInstances({ processInstanceId: id });
      if (h?.state === 'ACTIVE' || h?.state === 'SUSPENDED') {
        if (h.processDefinitionId !== running.id) lost.push(`${id} is still on ${h.processDefinitionId}`);
      } else if (h?.state !== 'COMPLETED') lost.push(`${id} ${h ? h.state : 'is gone'}`);
    }
    console.log(
      `${moving.size - lost.length} of ${moving.size} application(s) on version ${running.version} or finished`,
    );
    for (const l of lost) console.log(`  ✗ ${l}`);
    if (lost.length) process.exitCode = 1;
  }

  const corrected = await timerCorrections(engine, running.id, limits, Date.now, true);
  for (const c of corrected)
    console.log(
      `  timer ${c.timer} (step ${c.step}) of ${c.processInstanceId}: due ${day(c.from)} → ${day(c.to)} (started ${day(c.start)}, limit ${c.limit})`,
    );
  console.log(`${corrected.length} deadline timer(s) set to the regulation's limit from their step's start`);
  const wrong = await timerCorrections(engine, running.id, limits, Date.now, false);
  for (const w of wrong)
    console.log(`  ✗ timer ${w.timer} of ${w.processInstanceId} is due ${day(w.from)}, not ${day(w.to)}`);
  const stillOld = (
    await Promise.all(definitions.filter((d) => d.id !== running.id).map((d) => instanceIds(engine, d.id)))
  ).flat();
  const unexpected = stillOld.filter((id) => !left.includes(id));
  for (const id of unexpected) console.log(`  ✗ ${id} is still on an old version`);
  const ok = wrong.length === 0 && unexpected.length === 0 && process.exitCode !== 1;
  console.log(
    ok
      ? `verified: every application on version ${running.version}${left.length ? ` or deliberately left (${left.length})` : ''}, every deadline timer as the regulation says from its step's start`
      : 'verification failed: run npm run amend again to finish, or see the lines marked ✗',
  );
  if (!ok) process.exitCode = 1;
});

/** An open task's topic the amendment renames or removes: a warning while its worker stays, a refusal without one. */
function topicLine(t: TopicLeft): string {
  const where = `${t.tasks} open task(s) at ${t.activityId} wait on topic ${t.topic}`;
  const change =
    t.newTopic === undefined
      ? 'the new diagram has no task there'
      : t.newTopic === t.topic
        ? 'the new diagram keeps it'
        : `the new diagram's task there listens on ${t.newTopic}`;
  return t.served
    ? `  ! ${where}; ${change}: migrated, they keep ${t.topic} (the engine does not rename an open task's topic), so its worker in workers/ must stay until they are done`
    : `  ✗ ${where}; ${change}, and no worker in workers/ listens on ${t.topic}: they would wait forever (restore its worker first)`;
}

/** The dry run's table of one version: per waiting step, what the amendment does to the applications there. */
function waitTable(rows: WaitRow[]): string {
  const body = rows.map((r) => [
    r.activityId,
    r.step || '—',
    String(r.waiting),
    r.stuck ? `${r.stuck}: ${r.why}` : '0',
    r.after ? (r.before === r.after ? `${r.after} (unchanged)` : `${r.before} → ${r.after}`) : '—',
    r.after ? String(r.past) : '—',
  ]);
  return textTable(['waiting at', 'step', 'waiting', 'would not migrate', 'deadline', 'already past'], body)
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');
}

/** Waits for a migration batch, printing its progress; a failed job stops the run (rerun after the fix). */
async function follow(engine: CamundaClient, batch: Batch, what: string, resume = false): Promise<void> {
  let shown = '';
  for (;;) {
    const p = await batchProgress(engine, batch.id);
    const line = `migration batch ${batch.id} (${what}): ${p.completed}/${p.total} job(s)${p.failed ? `, ${p.failed} failed` : ''}`;
    if (line !== shown) console.log(line);
    shown = line;
    if (p.suspended) {
      // Held in Cockpit's batches: this run leaves it so; the next run means to finish it.
      if (!resume)
        throw new Error(
          `the migration batch ${batch.id} was suspended (Cockpit's batches): run npm run amend again to resume and finish it`,
        );
      console.log(`migration batch ${batch.id} (${what}) is suspended: resuming it`);
      await resumeBatch(engine, batch.id);
    }
    if (p.failed)
      throw new Error(`the migration batch ${batch.id} has failed jobs: see Cockpit's batches, fix, run again`);
    if (p.done) return;
    await sleep(POLL_MS);
  }
}
