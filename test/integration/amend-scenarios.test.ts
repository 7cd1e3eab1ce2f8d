import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DESK_MESSAGE } from '../../src/api/intake.js';
import { loadPeople, loadRegulation, loadRules } from '../../src/config.js';
import { almatyDate } from '../../src/domain/almaty.js';
import type { Dossier } from '../../src/domain/application.js';
import { durationMs } from '../../src/domain/duration.js';
import { parseEngineTime } from '../../src/engine/camunda.js';
import { BPMN_DIR, deployModels } from '../../src/engine/deployment.js';
import { ROOT } from '../../src/paths.js';
import { appKey } from '../../src/store/applications.js';
import { WORKERS } from '../../workers/all.js';
import {
  amend,
  HEAD_REVIEW,
  headReviewInDiagram,
  headReviewInRegulation,
  renameElement,
  stepLimit,
  timerLimit,
  timers,
  type AmendedDir,
} from '../support/amendments.js';
import { asOperator, testApi } from '../support/api.js';
import { removeInstancesAfterFile } from '../support/cleanup.js';
import { dossier } from '../support/fixtures.js';
import { handOverWaiting } from '../support/front-desk.js';
import { engine, engineAs, redis, startWorkers, until, type TestWorkers } from '../support/harness.js';
import { commissionMembers, decideWaiting } from '../support/simulated-member.js';

/**
 * Issue 20's scenario: applications parked at every wait state of the path through the State
 * Corporation (each service task's queue with its worker stopped, the commission's task, the out-tray,
 * the desk, a step whose breach already fired), then three amendments, each by `npm run amend` as the
 * administrator from a copy of bpmn/:
 * 1. step 4's limit 6 days → 5, and step 2's 30 minutes → a second, so that one application is already
 *    past its new limit (no engine clock can make a step 5 days old here);
 * 2. the head's review inserted after the commission, and step 2's task renamed through the mapping file;
 * 3. from today, the share of income 10 % → 8 % and the ground "not permanently registered" repealed,
 *    the act leaving cases in progress to the rules of their filing day (they were filed yesterday).
 * Then every application is driven to its end: each ends once, on the expected version, with the
 * expected result.
 */
removeInstancesAfterFile();

const OLD = 'akimat-2017-2-226';
const KEY = 'housing-assistance';
const today = almatyDate(new Date());
const yesterday = new Date(Date.now() - durationMs('P1D')).toISOString();

const runAmend = (dir: string) =>
  spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src', 'cli', 'amend.ts'), '--bpmn', dir], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 240_000,
    env: {
      ...process.env,
      CAMUNDA_USER: process.env.CAMUNDA_ADMIN_USER,
      CAMUNDA_PASSWORD: process.env.CAMUNDA_ADMIN_PASSWORD,
    },
  });

/** Where each application waits on version N, by the activity it waits at. */
const WAITS = {
  intake: 'Task_IntakeCheck',
  breached: 'Task_Registration',
  resolution: 'Task_Resolution',
  stateData: 'Task_StateData',
  transfer: 'Task_CommissionTransfer',
  sheet: 'Task_CommissionDecision',
  commission: 'UserTask_CommissionDecision',
  unregistered: 'UserTask_CommissionDecision',
  check: 'Task_CommissionDecisionCheck',
  notification: 'Task_Notification',
  delivery: 'Task_SendToStateCorporation',
  outTray: 'Event_ApplicantAtDesk',
  desk: 'Task_HandOver',
} as const;
type Parked = keyof typeof WAITS;
/** Inside step 4 when the amendments run: their step 4 timer is the one whose limit changes. */
const IN_STEP_FOUR: Parked[] = ['sheet', 'commission', 'unregistered', 'check'];
/** Before step 5 when the head's review is inserted: they pass through it. */
const BEFORE_REVIEW: Parked[] = ['intake', 'breached', 'resolution', 'stateData', 'transfer', ...IN_STEP_FOUR];

const apps = {} as Record<Parked, { appId: string; pi: string }>;
/** Filed after amendment 3 took effect. */
const fresh = {} as Record<'filedToday' | 'unregisteredToday', { appId: string; pi: string }>;

let api: ReturnType<typeof testApi>;
let breaches: TestWorkers;

async function submit(overrides: Partial<Dossier> = {}, backdate = true): Promise<{ appId: string; pi: string }> {
  const res = await api
    .http()
    .post('/applications')
    .set(asOperator())
    .send(dossier({ address: { district: 'bostandyk', line: 'ул. Поправок, 3' }, ...overrides }));
  expect(res.status).toBe(202);
  const appId = res.body.id as string;
  // Filed yesterday: the record the steps read the filing day from (never a process variable).
  if (backdate) await redisConnection.hset(appKey(appId), 'createdAt', yesterday);
  return { appId, pi: (await api.applications.processInstanceId(appId))! };
}

const unregisteredHousehold = (): Partial<Dossier> => {
  const d = dossier();
  return { household: { ...d.household, permanentlyRegistered: false } };
};

const waitsAt = (pi: string, activityId: string) =>
  until(
    `${pi} to wait at ${activityId}`,
    async () => ((await engine().executions({ activityId, processInstanceId: pi })).length > 0 ? true : null),
    60_000,
  );

/** Parks each application of `names` with only the workers of `topics` running. */
async function park(
  names: Parked[],
  topics: string[],
  { commission = false, then }: { commission?: boolean; then?: (name: Parked, pi: string) => Promise<void> } = {},
) {
  const workers = topics.length
    ? startWorkers(
        WORKERS.filter((w) => topics.includes(w.topic)),
        {},
        { commission },
      )
    : null;
  for (const name of names) {
    apps[name] = await submit(name === 'unregistered' ? unregisteredHousehold() : {});
    await then?.(name, apps[name].pi);
    await waitsAt(apps[name].pi, WAITS[name]);
  }
  await workers?.stop();
}

const allTimers = async () =>
  Object.fromEntries(
    await Promise.all((Object.keys(apps) as Parked[]).map(async (n) => [n, await timers(apps[n].pi)] as const)),
  ) as Record<Parked, Record<string, string>>;

const started = async (pi: string, activityId: string) =>
  parseEngineTime(
    (await engine().activityHistory(pi)).filter((a) => a.activityId === activityId && !a.endTime).at(-1)!.startTime,
  );
const definitionOf = async (pi: string) =>
  (await engine().historicProcessInstances({ processInstanceId: pi }))[0].processDefinitionId;
const latest = async () => (await engine().processDefinitions(KEY))[0];

let redisConnection: ReturnType<typeof redis>;
const versions: AmendedDir[] = [{ dir: BPMN_DIR, version: OLD }];

beforeAll(async () => {
  api = testApi();
  redisConnection = redis();
  // An amendment moves every running application: only this file's may be running.
  const running = await engine().request<Array<{ id: string }>>('GET', `/process-instance?processDefinitionKey=${KEY}`);
  for (const { id } of running)
    await engine().request('DELETE', `/process-instance/${id}?skipCustomListeners=true&skipIoMappings=true`);
  await deployModels(engine());

  breaches = startWorkers(WORKERS.filter((w) => w.topic === 'deadline-breach'));
  // Deepest first: a later set of workers must not take an application parked further on.
  const path = [
    'intake-check',
    'registration',
    'resolution',
    'state-data',
    'commission-transfer',
    'commission-decision',
    'commission-decision-check',
    'notification',
    'delivery',
  ];
  const upTo = (topic: string) => path.slice(0, path.indexOf(topic));
  await park(['outTray', 'desk'], path, {
    commission: true,
    then: async (name, pi) => {
      if (name !== 'desk') return;
      await waitsAt(pi, 'Event_ApplicantAtDesk');
      await engine().correlate(DESK_MESSAGE['at-desk'], { processInstanceId: pi });
    },
  });
  await park(['delivery'], upTo('delivery'), { commission: true });
  await park(['notification'], upTo('notification'), { commission: true });
  await park(['commission', 'unregistered', 'check'], upTo('commission-decision-check'), {
    then: async (name, pi) => {
      if (name !== 'check') return;
      await waitsAt(pi, 'UserTask_CommissionDecision');
      await decideWaiting(pi, {}, commissionMembers());
    },
  });
  await park(['sheet'], upTo('commission-decision'));
  await park(['transfer'], upTo('commission-transfer'));
  await park(['stateData'], upTo('state-data'));
  await park(['resolution'], upTo('resolution'));
  await park(['breached'], upTo('registration'), {
    then: async (_, pi) => {
      await waitsAt(pi, 'Task_Registration');
      const registrationDue = (await timers(pi)).Timer_RegistrationDeadline;
      const due = (await engine().jobs({ processInstanceId: pi, timers: 'true' })).find(
        (j) => j.dueDate === registrationDue,
      );
      await engine().executeJob(due!.id);
      await until('the breach of step 1', async () =>
        (await engine().activityHistory(pi)).some((a) => a.activityId === 'EndEvent_Breach_Registration'),
      );
    },
  });
  await park(['intake'], []);
}, 600_000);

afterAll(async () => {
  await breaches?.stop();
  await redisConnection?.quit();
  await api?.close();
  // The shipped diagram is the running version for the files after this one.
  await deployModels(engine());
});

it("amendment 1: step 4 from 6 days to 5 from each step's start; a step already past its new limit breaches at once", async () => {
  const [version1] = await engine().processDefinitions(KEY);
  for (const name of Object.keys(apps) as Parked[]) expect(await definitionOf(apps[name].pi)).toBe(version1.id);
  const before = await allTimers();
  const a1 = amend(
    versions[0],
    `${OLD}-a1`,
    {
      bpmn: (x) =>
        timerLimit(
          'Timer_ResolutionDeadline',
          'PT30M',
          'PT1S',
        )(timerLimit('Timer_CommissionDecisionDeadline', 'P6D', 'P5D')(x)),
      regulation: (y) =>
        stepLimit('Task_Resolution', 'PT30M', 'PT1S')(stepLimit('SubProcess_CommissionDecision', 'P6D', 'P5D')(y)),
    },
    { running: 'migrate' },
  );
  versions.push(a1);
  const run = runAmend(a1.dir);
  expect(run.stderr).toBe('');
  expect(run.stdout).toContain('verified: every application on version');
  expect(run.status).toBe(0);

  const version2 = await latest();
  expect(version2.versionTag).toBe(a1.version);
  const after = await allTimers();
  for (const name of Object.keys(apps) as Parked[]) {
    expect(await definitionOf(apps[name].pi)).toBe(version2.id);
    // The 10-day term counts from the filing, whatever the amendment.
    expect(after[name].StartEvent_TotalTermExpired).toBe(before[name].StartEvent_TotalTermExpired);
    if (IN_STEP_FOUR.includes(name)) {
      const stepFour = await started(apps[name].pi, 'SubProcess_CommissionDecision');
      const due = parseEngineTime(after[name].Timer_CommissionDecisionDeadline);
      expect(Math.abs(due - (stepFour + durationMs('P5D')))).toBeLessThan(1_000);
      expect(
        Math.abs(parseEngineTime(before[name].Timer_CommissionDecisionDeadline) - due - durationMs('P1D')),
      ).toBeLessThan(1_000);
    } else if (name !== 'resolution') expect(after[name]).toEqual(before[name]);
  }
  // The breach already fired is not re-armed.
  expect(before.breached.Timer_RegistrationDeadline).toBeUndefined();
  // Step 2 at a second is long past: recorded at once, not skipped.
  await until('the breach of step 2', async () =>
    (await engine().activityHistory(apps.resolution.pi)).some((a) => a.activityId === 'EndEvent_Breach_Resolution'),
  );
}, 300_000);

it("amendment 2: the head's review inserted after the commission, step 2 renamed through the mapping file; deadlines kept exactly", async () => {
  const before = await allTimers();
  const rename = renameElement('Task_Resolution', 'Task_HeadResolution');
  const a2 = amend(
    versions[1],
    `${OLD}-a2`,
    { bpmn: (x) => rename(headReviewInDiagram(x)), regulation: (y) => rename(headReviewInRegulation(y)) },
    { mapping: { Task_Resolution: 'Task_HeadResolution' } },
  );
  versions.push(a2);
  const run = runAmend(a2.dir);
  expect(run.stderr).toBe('');
  expect(run.stdout).toContain(`mapping ${join(a2.dir, 'migrations', `${versions[1].version}-to-${a2.version}.yaml`)}`);
  expect(run.stdout).toContain('verified: every application on version');
  expect(run.status).toBe(0);

  const version3 = await latest();
  expect(version3.versionTag).toBe(a2.version);
  for (const name of Object.keys(apps) as Parked[]) expect(await definitionOf(apps[name].pi)).toBe(version3.id);
  // No limit changed: every due date stays to the millisecond.
  expect(await allTimers()).toEqual(before);
  await waitsAt(apps.resolution.pi, 'Task_HeadResolution');
}, 300_000);

it('amendment 3: a norm and a refusal ground changed from today; cases filed before are decided under the old ones', async () => {
  const [version3] = await engine().processDefinitions(KEY);
  const before = await allTimers();
  const a3 = amend(
    versions[2],
    `${OLD}-a3`,
    {
      regulation: (y) =>
        y.replace(
          /(\n {2}- id: not-permanently-registered\n(?: {4}.*\n)*?)( {2}- id:)/,
          `$1    repealed: ${today}\n$2`,
        ),
    },
    { effective: today, running: 'finish-on-old' },
  );
  versions.push(a3);
  expect(loadRegulation(join(a3.dir, 'regulation.yaml')).refusalGrounds.find((g) => g.repealed)?.id).toBe(
    'not-permanently-registered',
  );
  const run = runAmend(a3.dir);
  expect(run.stderr).toBe('');
  expect(run.stdout).toContain(`${Object.keys(apps).length} application(s) finish on their versions`);
  expect(run.status).toBe(0);
  const version4 = await latest();
  expect(version4.versionTag).toBe(a3.version);
  for (const name of Object.keys(apps) as Parked[]) expect(await definitionOf(apps[name].pi)).toBe(version3.id);
  expect(await allTimers()).toEqual(before);

  // The maslikhat's edition from today, added to the rules: the share of income 10 % → 8 %.
  const rulesFile = join(a3.dir, 'housing-assistance-rules.yaml');
  const shipped = loadRules(join(ROOT, 'config', 'housing-assistance-rules.yaml'));
  writeFileSync(
    rulesFile,
    JSON.stringify({
      editions: [
        ...shipped.editions,
        { act: 'maslikhat decision No. 7 (test)', effective: today, maxIncomeShare: 0.08 },
      ],
    }),
  );

  // The workers serve every version still running, with the amended regulation and rules.
  const settings = { regulation: loadRegulation(join(a3.dir, 'regulation.yaml')), rules: loadRules(rulesFile) };
  const workers = startWorkers(WORKERS, settings, { commission: true });
  try {
    fresh.filedToday = await submit({}, false);
    fresh.unregisteredToday = await submit(unregisteredHousehold(), false);
    const head = loadPeople(join(ROOT, 'config', 'people.yaml')).districts.bostandyk.head;
    const asHead = engineAs(head);
    const reviewed: string[] = [];
    const everyone = [...Object.values(apps), ...Object.values(fresh)];
    await until(
      'every application to end',
      async () => {
        for (const t of await asHead.request<Array<{ id: string; processInstanceId: string }>>(
          'GET',
          `/task?processDefinitionKey=${KEY}&taskDefinitionKey=${HEAD_REVIEW}`,
        )) {
          await asHead.request('POST', `/task/${t.id}/claim`, { userId: head });
          await asHead.request('POST', `/task/${t.id}/complete`, {});
          reviewed.push(t.processInstanceId);
        }
        for (const { pi } of everyone) await handOverWaiting(engine(), pi);
        const states = await Promise.all(
          everyone.map(async ({ pi }) => (await engine().historicProcessInstances({ processInstanceId: pi }))[0].state),
        );
        return states.every((s) => s === 'COMPLETED');
      },
      360_000,
    ).catch(async (e: Error) => {
      throw new Error(`${e.message}; still waiting: ${await stillWaiting(everyone)}`);
    });

    // The head reviewed exactly the cases that had not passed step 4 when the review was inserted.
    const passedReview = [...BEFORE_REVIEW.map((n) => apps[n].pi), fresh.filedToday.pi, fresh.unregisteredToday.pi];
    expect([...reviewed].sort()).toEqual([...passedReview].sort());

    for (const [name, { appId, pi }] of [...Object.entries(apps), ...Object.entries(fresh)]) {
      // Each ends once: one instance for the application, one outcome.
      const instances = await engine().historicProcessInstances({ businessKey: appId });
      expect(instances.map((i) => i.state)).toEqual(['COMPLETED']);
      const ends = (await engine().activityHistory(pi)).filter((a) =>
        ['EndEvent_AssistanceAssigned', 'EndEvent_AssistanceRefused'].includes(a.activityId),
      );
      expect(ends).toHaveLength(1);
      expect(await definitionOf(pi)).toBe(name in fresh ? version4.id : version3.id);
      const record = (await api.applications.get(appId))!;
      const decision = record.results.decision!;
      if (name === 'unregistered')
        expect(decision).toMatchObject({ outcome: 'refused', ground: 'not-permanently-registered' });
      // Filed before: 27 500 − 10 % of 100 000; filed today: − 8 %, and no longer refused for the registration.
      else if (name in fresh) expect(decision).toMatchObject({ outcome: 'assigned', amount: 19_500 });
      else expect(decision).toMatchObject({ outcome: 'assigned', amount: 17_500 });
      expect(ends[0].activityId).toBe(
        decision.outcome === 'assigned' ? 'EndEvent_AssistanceAssigned' : 'EndEvent_AssistanceRefused',
      );
    }
    expect((await api.applications.get(fresh.filedToday.appId))!.results.caseSheet?.rules).toEqual({
      act: 'maslikhat decision No. 7 (test)',
      effective: today,
    });
  } finally {
    await workers.stop();
  }
}, 540_000);

/** Where the applications not yet ended wait, and their incidents: what a timeout reports. */
async function stillWaiting(everyone: Array<{ pi: string }>): Promise<string> {
  const lines: string[] = [];
  for (const { pi } of everyone) {
    const [h] = await engine().historicProcessInstances({ processInstanceId: pi });
    if (h.state === 'COMPLETED') continue;
    const open = (await engine().activityHistory(pi)).filter((a) => !a.endTime).map((a) => a.activityId);
    const incidents = await engine().request<Array<{ activityId: string; incidentMessage: string }>>(
      'GET',
      `/incident?processInstanceId=${pi}`,
    );
    lines.push(
      `${pi} ${h.state} at ${open.join(',')}${incidents.map((i) => ` incident ${i.activityId}: ${i.incidentMessage}`).join('')}`,
    );
  }
  return lines.join('; ');
}
