import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { durationMs } from '../../src/domain/duration.js';
import { timerName } from '../../src/domain/regulation.js';
import { parseEngineTime } from '../../src/engine/camunda.js';
import { BPMN_DIR, deployModels } from '../../src/engine/deployment.js';
import { ROOT } from '../../src/paths.js';
import { WORKERS } from '../../workers/all.js';
import { asOperator, testApi } from '../support/api.js';
import { started, submitAt, timers, versionOf, waitsAt } from '../support/amend.js';
import { removeInstancesAfterFile } from '../support/cleanup.js';
import { engine, startWorkers, until, type TestWorkers } from '../support/harness.js';

/**
 * `npm run amend` as an analyst runs it, on applications parked at several wait states of the running
 * version: step 4's limit shortened from 6 days to 5 (§10), and step 2's to a second, so that one
 * application is already past its new limit (no engine clock can make a step 5 days old).
 */
removeInstancesAfterFile();

const OLD = 'akimat-2017-2-226';
const NEW = 'akimat-2017-2-226-amend-test';
const amend = (dir: string, ...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src', 'cli', 'amend.ts'), '--bpmn', dir, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 180_000,
    env: {
      ...process.env,
      // The administrator amends, after review: analysts cannot deploy or migrate (src/domain/roles.ts).
      CAMUNDA_USER: process.env.CAMUNDA_ADMIN_USER,
      CAMUNDA_PASSWORD: process.env.CAMUNDA_ADMIN_PASSWORD,
    },
  });

/** bpmn/ with the amendment an analyst writes: the act's version, step 4 P6D → P5D, step 2 PT30M → PT1S. */
function amendedCopy(mapping?: Record<string, string>, version = NEW, running = 'migrate'): string {
  const dir = mkdtempSync(join(tmpdir(), 'amend-'));
  for (const f of ['commission-decision.form', '.bpmnlintrc']) copyFileSync(join(BPMN_DIR, f), join(dir, f));
  // An analyst changes a timer's duration and, as the check asks, the name derived from it.
  const timer = (id: string, from: string, to: string) => (xml: string) =>
    xml
      .replace(
        `${id}Definition"><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">${from}<`,
        `${id}Definition"><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">${to}<`,
      )
      .replace(`id="${id}" name="${timerName(from)}"`, `id="${id}" name="${timerName(to)}"`);
  let xml = readFileSync(join(BPMN_DIR, 'housing-assistance.bpmn'), 'utf8').replace(
    `camunda:versionTag="${OLD}"`,
    `camunda:versionTag="${version}"`,
  );
  xml = timer(
    'Timer_CommissionDecisionDeadline',
    'P6D',
    'P5D',
  )(timer('Timer_ResolutionDeadline', 'PT30M', 'PT1S')(xml));
  writeFileSync(join(dir, 'housing-assistance.bpmn'), xml);
  const regulation = readFileSync(join(BPMN_DIR, 'regulation.yaml'), 'utf8')
    .replace(`version: ${OLD}`, `version: ${version}`)
    .replace('running: migrate', `running: ${running}`)
    .replace('element: SubProcess_CommissionDecision, limit: P6D', 'element: SubProcess_CommissionDecision, limit: P5D')
    .replace('topic: resolution, limit: PT30M', 'topic: resolution, limit: PT1S');
  writeFileSync(join(dir, 'regulation.yaml'), regulation);
  if (mapping) {
    mkdirSync(join(dir, 'migrations'));
    writeFileSync(
      join(dir, 'migrations', `${OLD}-to-${version}.yaml`),
      `from: ${OLD}\nto: ${version}\nelements:\n${Object.entries(mapping)
        .map(([a, b]) => `  ${a}: ${b}`)
        .join('\n')}\n`,
    );
  }
  return dir;
}

const definitions = async () => engine().processDefinitions('housing-assistance');
const deployments = async () => (await engine().request<{ count: number }>('GET', '/deployment/count')).count;

let api: ReturnType<typeof testApi>;
let breaches: TestWorkers;
/** At the commission's user task (step 4), at step 2's queue with no worker, at step 1's queue twice (one with its breach fired). */
const parked = { commission: '', resolution: '', registration: '', breached: '' };

const submit = (line: string) => submitAt(api, line);

beforeAll(async () => {
  api = testApi();
  // An amendment moves every running application: this file counts only its own, so none of an earlier
  // file's (left waiting at the desk, say) may be running (as administrator; their history stays).
  const running = await engine().request<Array<{ id: string }>>(
    'GET',
    '/process-instance?processDefinitionKey=housing-assistance',
  );
  for (const { id } of running)
    await engine().request('DELETE', `/process-instance/${id}?skipCustomListeners=true&skipIoMappings=true`);
  const late = new Set(['commission-decision-check', 'notification', 'delivery']);
  const upToCommission = startWorkers(
    WORKERS.filter((w) => !late.has(w.topic)),
    {},
    { commission: false },
  );
  parked.commission = await submit('ул. Амендная, 4');
  await waitsAt(parked.commission, 'UserTask_CommissionDecision');
  await upToCommission.stop();

  const upToResolution = startWorkers(
    WORKERS.filter((w) => ['intake-check', 'registration'].includes(w.topic)),
    {},
    { commission: false },
  );
  parked.resolution = await submit('ул. Амендная, 2');
  await waitsAt(parked.resolution, 'Task_Resolution');
  await upToResolution.stop();

  breaches = startWorkers(
    WORKERS.filter((w) => ['intake-check', 'deadline-breach'].includes(w.topic)),
    {},
    { commission: false },
  );
  parked.registration = await submit('ул. Амендная, 1');
  parked.breached = await submit('ул. Амендная, 11');
  await waitsAt(parked.registration, 'Task_Registration');
  await waitsAt(parked.breached, 'Task_Registration');
  const jobs = await engine().jobs({ processInstanceId: parked.breached, timers: 'true' });
  const registrationTimer = (await timers(parked.breached)).Timer_RegistrationDeadline;
  await engine().executeJob(jobs.find((j) => j.dueDate === registrationTimer)!.id);
  await until('the breach of step 1 to be recorded', async () =>
    (await engine().activityHistory(parked.breached)).some((a) => a.activityId === 'EndEvent_Breach_Registration'),
  );
}, 180_000);

afterAll(async () => {
  await breaches.stop();
  await api.close();
  // The shipped diagram is the running version for the files after this one.
  await deployModels(engine());
});

it('a plan the engine rejects stops the amendment before anything is deployed', async () => {
  const [versionsBefore, deploymentsBefore] = [(await definitions()).length, await deployments()];
  const run = amend(amendedCopy({ Task_Registration: 'UserTask_CommissionDecision' }));
  expect(run.stdout).toContain('✗ the engine rejects the plan: Task_Registration → UserTask_CommissionDecision');
  expect(run.stdout).toContain('nothing deployed');
  expect(run.status).toBe(1);
  expect((await definitions()).length).toBe(versionsBefore);
  expect(await deployments()).toBe(deploymentsBefore);
  expect(await versionOf(parked.registration)).toBe((await definitions())[0].id);
}, 120_000);

it('the dry run shows where applications wait and each changed deadline before and after, and changes nothing', async () => {
  const [versionsBefore, deploymentsBefore] = [(await definitions()).length, await deployments()];
  const run = amend(amendedCopy(), '--dry-run');
  expect(run.status).toBe(0);
  expect(run.stdout).toMatch(/UserTask_CommissionDecision: 1 waiting/);
  expect(run.stdout).toMatch(/Task_Registration: 2 waiting/);
  expect(run.stdout).toContain(
    "deadline of step 4 (Timer_CommissionDecisionDeadline): P6D → P5D from the step's start; 1 waiting, 0 already past it",
  );
  expect(run.stdout).toContain(
    "deadline of step 2 (Timer_ResolutionDeadline): PT30M → PT1S from the step's start; 1 waiting, 1 already past it",
  );
  expect(run.stdout).toContain('dry run: nothing deployed, nothing migrated');
  expect((await definitions()).length).toBe(versionsBefore);
  expect(await deployments()).toBe(deploymentsBefore);
}, 120_000);

it("moves every application to the new version with each deadline as the regulation says from its step's start; a second run changes nothing", async () => {
  const before = {
    commission: await timers(parked.commission),
    registration: await timers(parked.registration),
    breached: await timers(parked.breached),
  };
  const dir = amendedCopy();
  const run = amend(dir);
  expect(run.stderr).toBe('');
  expect(run.stdout).toContain('verified: every application on version');
  expect(run.status).toBe(0);

  const [latest] = await definitions();
  expect(latest.versionTag).toBe(NEW);
  for (const id of Object.values(parked)) expect(await versionOf(id)).toBe(latest.id);

  // Step 4: 5 days from when the step started, not from the migration, and not the old 6.
  const commission = await timers(parked.commission);
  const stepFour = await started(parked.commission, 'SubProcess_CommissionDecision');
  expect(
    Math.abs(parseEngineTime(commission.Timer_CommissionDecisionDeadline) - (stepFour + durationMs('P5D'))),
  ).toBeLessThan(1_000);
  expect(
    Math.abs(
      parseEngineTime(before.commission.Timer_CommissionDecisionDeadline) -
        parseEngineTime(commission.Timer_CommissionDecisionDeadline) -
        durationMs('P1D'),
    ),
  ).toBeLessThan(1_000);
  // Unchanged limits keep their due dates exactly: step 1's timer and the 10-day term.
  expect(commission.StartEvent_TotalTermExpired).toBe(before.commission.StartEvent_TotalTermExpired);
  expect(await timers(parked.registration)).toEqual(before.registration);
  // A breach already recorded is not re-armed.
  expect(await timers(parked.breached)).toEqual(before.breached);
  expect(before.breached.Timer_RegistrationDeadline).toBeUndefined();

  // Step 2 at a second is long past: the breach is recorded at once, not skipped.
  await until('the breach of step 2', async () =>
    (await engine().activityHistory(parked.resolution)).some((a) => a.activityId === 'EndEvent_Breach_Resolution'),
  );
  const status = (
    await api
      .http()
      .get(`/applications/${await businessKey(parked.resolution)}`)
      .set(asOperator())
  ).body as { breaches: Array<{ element: string }> };
  expect(status.breaches.map((b) => b.element)).toEqual(['Task_Resolution']);

  const after = {
    commission: await timers(parked.commission),
    registration: await timers(parked.registration),
  };
  const [versions, deploymentsAfter] = [(await definitions()).length, await deployments()];
  const again = amend(dir);
  expect(again.status).toBe(0);
  expect(again.stdout).toContain('nothing changed');
  expect(again.stdout).toContain('0 deadline timer(s) set');
  expect(again.stdout).not.toContain('migration batch');
  expect((await definitions()).length).toBe(versions);
  expect(await deployments()).toBe(deploymentsAfter);
  expect(await timers(parked.commission)).toEqual(after.commission);
  expect(await timers(parked.registration)).toEqual(after.registration);
}, 240_000);

it('an act that lets cases in progress finish under the old rules deploys and leaves them, deadlines untouched', async () => {
  const [previous] = await definitions();
  const before = await timers(parked.commission);
  const run = amend(amendedCopy(undefined, `${NEW}-finish`, 'finish-on-old'));
  expect(run.stdout).toContain('4 application(s) finish on their versions');
  expect(run.stdout).toContain('or deliberately left (4)');
  expect(run.status).toBe(0);
  const [latest] = await definitions();
  expect(latest.versionTag).toBe(`${NEW}-finish`);
  for (const id of Object.values(parked)) expect(await versionOf(id)).toBe(previous.id);
  expect(await timers(parked.commission)).toEqual(before);
}, 120_000);

async function businessKey(processInstanceId: string): Promise<string> {
  const [h] = await engine().historicProcessInstances({ processInstanceId });
  return h.businessKey!;
}
