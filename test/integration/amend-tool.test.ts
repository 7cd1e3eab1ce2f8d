import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { durationMs } from '../../src/domain/duration.js';
import { timerName } from '../../src/domain/regulation.js';
import { parseEngineTime, toDate } from '../../src/engine/camunda.js';
import { BPMN_DIR, deployModels } from '../../src/engine/deployment.js';
import { ROOT } from '../../src/paths.js';
import { WORKERS } from '../../workers/all.js';
import { testApi } from '../support/api.js';
import { started, submitAt, timers, versionOf, waitsAt } from '../support/amend.js';
import { removeInstancesAfterFile } from '../support/cleanup.js';
import { engine, startWorkers, until } from '../support/harness.js';

/**
 * `npm run amend` as an operator meets it: SIGKILLed while its migration batch runs and run again, an
 * amendment that renames a topic applications still wait on, and the SLA report of applications that
 * lived on two versions. The amendment lengthens step A1's limit (§10 1), 15 minutes) to 20, so every
 * parked application's intake timer must be re-set from its step's start.
 */
removeInstancesAfterFile();

const OLD = 'akimat-2017-2-226';
const NEW = 'akimat-2017-2-226-amend-tool';
/** Enough applications that the migration batch has work to do while the tool is killed. */
const PARKED = 30;

const adminEnv = () => ({
  ...process.env,
  // The administrator amends, after review: analysts cannot deploy or migrate (src/domain/roles.ts).
  CAMUNDA_USER: process.env.CAMUNDA_ADMIN_USER,
  CAMUNDA_PASSWORD: process.env.CAMUNDA_ADMIN_PASSWORD,
});
/** The report is an operator's tool: it reads the history as a member of `operators`. */
const operatorEnv = () => ({
  ...process.env,
  CAMUNDA_USER: 'OPS-01',
  CAMUNDA_PASSWORD: readFileSync(join(process.env.ENGINE_PASSWORDS_DIR!, 'OPS-01'), 'utf8'),
});
const amendArgs = (dir: string, ...args: string[]) => [
  '--import',
  'tsx',
  join(ROOT, 'src', 'cli', 'amend.ts'),
  '--bpmn',
  dir,
  ...args,
];
/**
 * The tool as a child process, awaited without blocking the event loop (spawnSync would leave the
 * engine client's kept-alive sockets to be closed by the engine unseen, and the next request hang up).
 */
function run(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, args, { cwd: ROOT, env });
  let [stdout, stderr] = ['', ''];
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('close', (status) => resolve({ status, stdout, stderr })));
}
const amend = (dir: string, ...args: string[]) => run(amendArgs(dir, ...args), adminEnv());

/** bpmn/ as an analyst amends it: A1 PT15M → `intake`, and with `topic` Task_Registration's topic renamed. */
function amendedCopy(version: string, topic?: string, intake = 'PT20M'): string {
  const dir = mkdtempSync(join(tmpdir(), 'amend-tool-'));
  for (const f of ['commission-decision.form', '.bpmnlintrc']) copyFileSync(join(BPMN_DIR, f), join(dir, f));
  let xml = readFileSync(join(BPMN_DIR, 'housing-assistance.bpmn'), 'utf8')
    .replace(`camunda:versionTag="${OLD}"`, `camunda:versionTag="${version}"`)
    .replace(
      'Timer_IntakeCheckDeadlineDefinition"><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">PT15M<',
      `Timer_IntakeCheckDeadlineDefinition"><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">${intake}<`,
    )
    .replace(
      `id="Timer_IntakeCheckDeadline" name="${timerName('PT15M')}"`,
      `id="Timer_IntakeCheckDeadline" name="${timerName(intake)}"`,
    );
  if (topic) xml = xml.replace('camunda:topic="registration"', `camunda:topic="${topic}"`);
  writeFileSync(join(dir, 'housing-assistance.bpmn'), xml);
  let regulation = readFileSync(join(BPMN_DIR, 'regulation.yaml'), 'utf8')
    .replace(`version: ${OLD}`, `version: ${version}`)
    .replace('topic: intake-check, limit: PT15M', `topic: intake-check, limit: ${intake}`);
  if (topic) regulation = regulation.replace('topic: registration, limit', `topic: ${topic}, limit`);
  writeFileSync(join(dir, 'regulation.yaml'), regulation);
  return dir;
}

const admin = () => engine();
const definitions = () => admin().processDefinitions('housing-assistance');
const deployments = async () => (await admin().request<{ count: number }>('GET', '/deployment/count')).count;
const migrationBatches = () => admin().request<Array<{ id: string }>>('GET', '/history/batch?type=instance-migration');

let api: ReturnType<typeof testApi>;
/** Waiting at step A1's queue (no intake worker runs). */
const atIntake: string[] = [];
/** Waiting at step 1's queue; the first with its breach already recorded (the SLA report's). */
const atRegistration: string[] = [];

const submit = (line: string) => submitAt(api, line);

beforeAll(async () => {
  api = testApi();
  // An amendment moves every running application: only this file's may be running.
  const running = await admin().request<Array<{ id: string }>>(
    'GET',
    '/process-instance?processDefinitionKey=housing-assistance',
  );
  for (const { id } of running)
    await admin().request('DELETE', `/process-instance/${id}?skipCustomListeners=true&skipIoMappings=true`);

  const early = startWorkers(
    WORKERS.filter((w) => ['intake-check', 'deadline-breach'].includes(w.topic)),
    {},
    { commission: false },
  );
  for (let i = 1; i <= 3; i++) atRegistration.push(await submit(`ул. Инструментальная, ${i}`));
  for (const id of atRegistration) await waitsAt(id, 'Task_Registration');
  // Step 1's 20 minutes run out for the first: the engine records its breach before the amendment.
  const due = (await timers(atRegistration[0])).Timer_RegistrationDeadline;
  const jobs = await admin().jobs({ processInstanceId: atRegistration[0], timers: 'true' });
  await admin().executeJob(jobs.find((j) => j.dueDate === due)!.id);
  await until('the breach of step 1 to be recorded', async () =>
    (await admin().activityHistory(atRegistration[0])).some((a) => a.activityId === 'EndEvent_Breach_Registration'),
  );
  await early.stop();

  for (let i = 1; i <= PARKED; i++) atIntake.push(await submit(`ул. Пакетная, ${i}`));
  for (const id of atIntake) await waitsAt(id, 'Task_IntakeCheck');
}, 600_000);

afterAll(async () => {
  await api.close();
  // The shipped diagram is the running version for the files after this one.
  await deployModels(engine());
});

it('a topic the amendment renames while applications wait on it is reported with their count before anything is deployed', async () => {
  const [versionsBefore, deploymentsBefore] = [(await definitions()).length, await deployments()];
  const run = await amend(amendedCopy(`${NEW}-topic`, 'registration-2026'), '--dry-run');
  // Migrated, the three keep the topic `registration` (the engine does not rename an open task's topic).
  expect(run.stdout).toContain(
    "! 3 open task(s) at Task_Registration wait on topic registration; the new diagram's task there listens on registration-2026",
  );
  expect(run.stdout).toContain('its worker in workers/ must stay until they are done');
  // The worker of the old topic is not "unused" while they wait: only the new topic's missing worker refuses.
  expect(run.stdout).toContain(
    '! no diagram here uses the topic registration, but 3 open task(s) of running versions wait on it',
  );
  expect(run.stdout).not.toContain('✗ no diagram uses the topic registration');
  expect(run.stdout).toMatch(/refused: 1 finding\(s\) against the regulation and the workers; nothing deployed/);
  expect(run.status).toBe(1);
  expect((await definitions()).length).toBe(versionsBefore);
  expect(await deployments()).toBe(deploymentsBefore);
}, 300_000);

it('the dry run tables each waiting step: how many, whether they migrate, the deadline before and after, and how many are past it', async () => {
  const run = await amend(amendedCopy(NEW), '--dry-run');
  expect(run.status).toBe(0);
  const lines = run.stdout.split('\n');
  const table = lines.slice(lines.findIndex((l) => l.startsWith('  waiting at')));
  expect(table[0]).toMatch(/^ {2}waiting at\s+step\s+waiting\s+would not migrate\s+deadline\s+already past$/);
  expect(table).toContainEqual(
    expect.stringMatching(new RegExp(`^  Task_IntakeCheck\\s+A1\\s+${PARKED}\\s+0\\s+PT15M → PT20M\\s+0$`)),
  );
  // Step 1's limit did not change (its breach was fired early, by hand: none is past 20 minutes).
  expect(table).toContainEqual(expect.stringMatching(/^ {2}Task_Registration\s+1\s+3\s+0\s+PT20M \(unchanged\)\s+0$/));
  expect(run.stdout).toContain(`    … and ${PARKED - 5} more, started later`);
  expect(run.stdout).toContain('dry run: nothing deployed, nothing migrated');
}, 300_000);

/**
 * The engine as the tool sees it: every request relayed as it is, except that the answer to the tool's
 * `executeAsync` is kept from it; `batch` resolves to the batch the engine created. The test holds that
 * batch and kills the tool while it waits for the answer: a batch half-done however fast the engine is.
 */
async function holdingProxy(): Promise<{ url: string; batch: Promise<{ id: string }>; close: () => void }> {
  const target = new URL(process.env.CAMUNDA_URL!);
  let created!: (batch: { id: string }) => void;
  const batch = new Promise<{ id: string }>((resolve) => (created = resolve));
  const server = createServer((req, res) => {
    const upstream = httpRequest(
      { hostname: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers },
      (answer) => {
        if (req.method === 'POST' && req.url?.endsWith('/migration/executeAsync')) {
          let body = '';
          answer.on('data', (chunk: Buffer) => (body += chunk.toString()));
          answer.on('end', () => created(JSON.parse(body) as { id: string }));
          return;
        }
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    // The tool killed mid-request: nothing left to relay.
    upstream.on('error', () => res.destroy());
    req.on('error', () => upstream.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${target.pathname}`,
    batch,
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

it('killed with SIGKILL while its migration batch runs, the tool run again finishes the batch: one deployment, one batch, every application once on the new version, every timer from its step start', async () => {
  const dir = amendedCopy(NEW);
  const ids = [...atIntake, ...atRegistration];
  const before = Object.fromEntries(await Promise.all(ids.map(async (id) => [id, await timers(id)] as const)));
  const [deploymentsBefore, batchesBefore] = [await deployments(), (await migrationBatches()).length];

  const proxy = await holdingProxy();
  const child = spawn(process.execPath, amendArgs(dir), {
    cwd: ROOT,
    env: { ...adminEnv(), CAMUNDA_URL: proxy.url },
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
    child.on('exit', (code, signal) => resolve(signal ?? code)),
  );
  // The moment the engine has created the batch, before the tool hears of it, an operator holds it in
  // Cockpit and the tool dies.
  const batch = await Promise.race([proxy.batch, exited.then(() => null)]);
  if (!batch) throw new Error(`the tool ended before it started a migration batch:\n${out}`);
  await admin().request('PUT', `/batch/${batch.id}/suspended`, { suspended: true });
  child.kill('SIGKILL');
  expect(await exited).toBe('SIGKILL');
  proxy.close();
  const [held] = await admin().request<Array<{ id: string; suspended: boolean }>>(
    'GET',
    '/batch?type=instance-migration',
  );
  expect(held).toMatchObject({ id: batch.id, suspended: true });
  expect(out).not.toContain('verified');
  const [latest] = await definitions();
  expect(latest.versionTag).toBe(NEW);
  // The engine got part of the way: its seed job and jobs up to half of the applications ran, the rest are held.
  const [{ seedJobDefinitionId, batchJobDefinitionId }] = await admin().request<
    Array<{ seedJobDefinitionId: string; batchJobDefinitionId: string }>
  >('GET', `/batch/statistics?batchId=${batch.id}`);
  const jobsOf = (definition: string) =>
    admin().request<Array<{ id: string }>>('GET', `/job?jobDefinitionId=${definition}`);
  for (const job of await jobsOf(seedJobDefinitionId)) await admin().request('POST', `/job/${job.id}/execute`);
  const pending = await jobsOf(batchJobDefinitionId);
  for (const job of pending.slice(0, Math.max(0, pending.length - Math.ceil(ids.length / 2))))
    await admin().request('POST', `/job/${job.id}/execute`);
  const left = (await jobsOf(batchJobDefinitionId)).length;
  const moved = (await Promise.all(ids.map(versionOf))).filter((d) => d === latest.id).length;
  expect(moved).toBe(ids.length - left);
  expect(moved).toBeGreaterThan(0);
  expect(moved).toBeLessThan(ids.length);

  const again = await amend(dir);
  expect(again.stderr).toBe('');
  expect(again.stdout).toContain(`migration batch ${batch.id} (an earlier run) is suspended: resuming it`);
  expect(again.stdout).toContain('nothing changed');
  expect(again.stdout).toContain('verified: every application on version');
  expect(again.status).toBe(0);

  // Deployed once, migrated by one batch, each application once: same instances, all on the new version.
  expect(await deployments()).toBe(deploymentsBefore + 1);
  expect((await migrationBatches()).length).toBe(batchesBefore + 1);
  const running = await admin().request<Array<{ id: string; definitionId: string }>>(
    'GET',
    '/process-instance?processDefinitionKey=housing-assistance',
  );
  expect(running.map((p) => p.id).sort()).toEqual([...ids].sort());
  expect(new Set(running.map((p) => p.definitionId))).toEqual(new Set([latest.id]));

  // A1's new 20 minutes from each application's own step start; step 1 and the 10-day term exactly as they were.
  for (const id of atIntake) {
    const after = await timers(id);
    expect(
      Math.abs(
        parseEngineTime(after.Timer_IntakeCheckDeadline) -
          ((await started(id, 'Task_IntakeCheck')) + durationMs('PT20M')),
      ),
    ).toBeLessThan(1_000);
    expect(after.StartEvent_TotalTermExpired).toBe(before[id].StartEvent_TotalTermExpired);
  }
  for (const id of atRegistration) expect(await timers(id)).toEqual(before[id]);

  // A third run finds nothing to do.
  const third = await amend(dir);
  expect(third.status).toBe(0);
  expect(third.stdout).toContain('0 deadline timer(s) set');
  expect(third.stdout).not.toContain('migration batch');
}, 600_000);

it('the SLA report counts the steps and the breach an application had on the old version with those it has on the new', async () => {
  const [latest, previous] = await definitions();
  // Step 1 finishes on the new version for the three parked there, one of them late already.
  const registration = startWorkers(
    WORKERS.filter((w) => w.topic === 'registration'),
    {},
    { commission: false },
  );
  try {
    for (const id of atRegistration) await waitsAt(id, 'Task_Resolution');
  } finally {
    await registration.stop();
  }
  // The intake ran on the old version, registration ended on the new one.
  const [intake] = (await admin().activityHistory(atRegistration[0])).filter(
    (a) => a.activityId === 'Task_IntakeCheck',
  );
  expect((intake as { processDefinitionId?: string }).processDefinitionId).toBe(previous.id);
  expect(await versionOf(atRegistration[0])).toBe(latest.id);

  // The window from this file's first application's start to its last's, as the engine stamped them: the
  // file before this one may have started one in the second before this file began (the full run's 34th).
  const starts = await Promise.all(
    [...atRegistration, ...atIntake].map(async (id) =>
      parseEngineTime(
        (await admin().request<{ startTime: string }>('GET', `/history/process-instance/${id}`)).startTime,
      ),
    ),
  );
  const [from, to] = [new Date(Math.min(...starts)), new Date(Math.max(...starts) + 1)];
  const inWindow = await admin().request<Array<{ id: string }>>(
    'GET',
    `/history/process-instance?${new URLSearchParams({ processDefinitionKey: 'housing-assistance', startedAfter: toDate(from), startedBefore: toDate(to) }).toString()}`,
  );
  // Exactly this file's applications, and no other, are the report's.
  expect(inWindow.map((p) => p.id).sort()).toEqual([...atRegistration, ...atIntake].sort());

  const sla = await run(
    [
      '--import',
      'tsx',
      join(ROOT, 'src', 'cli', 'sla-report.ts'),
      '--since',
      from.toISOString(),
      '--until',
      to.toISOString(),
      '--json',
    ],
    operatorEnv(),
  );
  expect(sla.stderr).toBe('');
  expect(sla.status).toBe(0);
  const report = JSON.parse(sla.stdout) as {
    applications: number;
    rows: Array<{ element: string; count: number; open: number }>;
    breaches: Array<{ processInstanceId: string; element: string; recordedByEngine: boolean }>;
  };
  expect(report.applications).toBe(PARKED + 3);
  const row = (element: string) => report.rows.find((r) => r.element === element)!;
  expect({ count: row('Task_IntakeCheck').count, open: row('Task_IntakeCheck').open }).toEqual({
    count: 3,
    open: PARKED,
  });
  expect({ count: row('Task_Registration').count, open: row('Task_Registration').open }).toEqual({ count: 3, open: 0 });
  expect(report.breaches).toContainEqual(
    expect.objectContaining({
      processInstanceId: atRegistration[0],
      element: 'Task_Registration',
      recordedByEngine: true,
    }),
  );
}, 300_000);

it('killed after its batch, while it sets the deadline timers, the tool run again sets the rest: no new deployment or batch, every timer from its step start', async () => {
  const dir = amendedCopy(`${NEW}-2`, undefined, 'PT25M');
  const [deploymentsBefore, batchesBefore] = [await deployments(), (await migrationBatches()).length];
  const child = spawn(process.execPath, amendArgs(dir), { cwd: ROOT, env: adminEnv() });
  let out = '';
  const killed = new Promise<NodeJS.Signals | number | null>((resolve) => {
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      // Migrated and counted: the timers are being set now.
      if (out.includes('application(s) on version')) child.kill('SIGKILL');
    });
    child.on('exit', (code, signal) => resolve(signal ?? code));
  });
  expect(await killed).toBe('SIGKILL');
  expect(out).not.toContain('deadline timer(s) set');

  const again = await amend(dir);
  expect(again.stderr).toBe('');
  expect(again.stdout).not.toContain('migration batch');
  expect(again.stdout).toContain('verified: every application on version');
  expect(again.status).toBe(0);
  expect(await deployments()).toBe(deploymentsBefore + 1);
  expect((await migrationBatches()).length).toBe(batchesBefore + 1);
  const [latest] = await definitions();
  expect(latest.versionTag).toBe(`${NEW}-2`);
  for (const id of atIntake) {
    expect(await versionOf(id)).toBe(latest.id);
    expect(
      Math.abs(
        parseEngineTime((await timers(id)).Timer_IntakeCheckDeadline) -
          ((await started(id, 'Task_IntakeCheck')) + durationMs('PT25M')),
      ),
    ).toBeLessThan(1_000);
  }
}, 600_000);
