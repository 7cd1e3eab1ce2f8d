import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEPLOYMENT_NAME, modelFiles } from '../../src/engine/deployment.js';
import { loadPeople } from '../../src/config.js';
import { API_USER, WORKER_USER, type People } from '../../src/domain/roles.js';
import { EngineError } from '../../src/engine/camunda.js';
import type { EngineAdmin } from '../support/engine-admin.js';
import { applyPeople, describeChanges } from '../../src/engine/identity.js';
import { ROOT } from '../../src/paths.js';
import { dossier } from '../support/fixtures.js';
import { counterValue, engine, engineAs, registrations, startWorkers, until } from '../support/harness.js';
import { Intake } from '../../src/api/intake.js';
import { createLogger } from '../../src/platform/logger.js';
import { testApi } from '../support/api.js';
import { almatyYear } from '../../src/domain/almaty.js';

/**
 * The engine is closed (Camunda 7 CE gets no more security fixes): every REST call is authenticated,
 * authorization checks are on, each of our clients and each person has only what its role needs, and
 * the engine listens on loopback. Against the run's real engine, as each user.
 */
const url = () => process.env.CAMUNDA_URL!;
const people = () => loadPeople(join(ROOT, 'config', 'people.yaml'));
const status = (e: unknown) => (e instanceof EngineError ? e.status : 'no error');
const refused = (p: Promise<unknown>) => p.then(() => 'no error', status);
/** A new deployment of bpmn/, whether or not it changed: what CREATE on deployments allows. */
const createDeployment = (client: EngineAdmin) => client.deploy(DEPLOYMENT_NAME, modelFiles());

let api: ReturnType<typeof testApi>;
beforeAll(() => {
  api = testApi();
});
afterAll(() => api.close());

/** An application waiting at its first external task (no workers run in this file). */
async function waitingInstance(): Promise<{ processInstanceId: string; taskId: string }> {
  const intake = new Intake(api.redis, api.apiEngine, createLogger('test', 'silent'));
  const { id } = await intake.submit(dossier(), { owner: 'centre:con-bostandyk' });
  const processInstanceId = (await api.applications.processInstanceId(id))!;
  const [task] = await until('its external task', async () =>
    (await engine().externalTasks({ processInstanceId })).filter((t) => t.topicName === 'intake-check'),
  );
  return { processInstanceId, taskId: task.id };
}

describe('authentication', () => {
  it('refuses /engine-rest without credentials, with wrong ones, and with demo/demo', async () => {
    const basic = (user: string, password: string) => ({
      authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`,
    });
    // Wrong passwords only for OPS-02: the engine delays a user's logins after each failure and locks it after 10.
    for (const headers of [
      {},
      basic('OPS-02', 'wrong'),
      basic('demo', 'demo'),
      basic('OPS-02', ''),
      { authorization: 'Bearer x' },
    ]) {
      for (const path of ['/version', '/process-instance']) {
        const res = await fetch(`${url()}${path}`, { headers });
        expect({ path, headers, status: res.status }).toEqual({ path, headers, status: 401 });
      }
    }
    expect((await engine().version()).version).toBe('7.24.0');
  });

  it('lets nobody into Cockpit with demo/demo or a wrong password, and each person only into the app of their role', async () => {
    const webapp = url().replace(/\/engine-rest$/, '/camunda');
    async function login(user: string, password: string, app: 'cockpit' | 'tasklist' | 'admin') {
      const page = await fetch(`${webapp}/app/${app}/default/`);
      const cookie = page.headers
        .getSetCookie()
        .map((c) => c.split(';')[0])
        .join('; ');
      const xsrf = /XSRF-TOKEN=([^;]+)/.exec(cookie)?.[1] ?? '';
      const res = await fetch(`${webapp}/api/admin/auth/user/default/login/${app}`, {
        method: 'POST',
        headers: { cookie, 'X-XSRF-TOKEN': xsrf, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ username: user, password }),
      });
      return res.status;
    }
    const password = (user: string) => readFileSync(join(process.env.ENGINE_PASSWORDS_DIR!, user), 'utf8');
    expect(await login('demo', 'demo', 'cockpit')).toBe(401);
    expect(await login('OPS-02', 'wrong password', 'cockpit')).toBe(401);
    expect(await login('OPS-01', password('OPS-01'), 'cockpit')).toBe(200);
    expect(await login('BOS-C02', password('BOS-C02'), 'cockpit')).toBe(403);
    expect(await login('BOS-C02', password('BOS-C02'), 'tasklist')).toBe(200);
    expect(await login(WORKER_USER, password(WORKER_USER), 'cockpit')).toBe(403);
    expect(await login('ANL-01', password('ANL-01'), 'admin')).toBe(403);
  });

  it('listens on the loopback address only', () => {
    const port = Number(new URL(url()).port);
    const hex = port.toString(16).toUpperCase().padStart(4, '0');
    const listening = ['/proc/net/tcp', '/proc/net/tcp6']
      .flatMap((f) => readFileSync(f, 'utf8').split('\n').slice(1))
      .map((l) => l.trim().split(/\s+/))
      .filter((cols) => cols[1]?.endsWith(`:${hex}`) && cols[3] === '0A')
      .map((cols) => cols[1].split(':')[0]);
    expect(listening.length).toBeGreaterThan(0);
    // 127.0.0.1 as /proc writes it: 0100007F, or ::ffff:127.0.0.1 in tcp6.
    for (const address of listening) expect(['0100007F', '0000000000000000FFFF00000100007F']).toContain(address);
  });
});

describe('least privilege', () => {
  it('worker: works its external tasks, and cannot deploy, see other users, or delete an instance', async () => {
    const worker = engineAs(WORKER_USER, process.env.CAMUNDA_PASSWORD);
    const { processInstanceId } = await waitingInstance();
    expect(await refused(createDeployment(worker))).toBe(403);
    expect((await worker.request<Array<{ id: string }>>('GET', '/user')).map((u) => u.id)).toEqual([WORKER_USER]);
    expect(await worker.request('GET', '/group')).toEqual([]);
    expect(await refused(worker.request('DELETE', `/process-instance/${processInstanceId}`))).toBe(403);
    expect(
      await refused(
        worker.request('POST', '/authorization/create', {
          type: 1,
          userId: WORKER_USER,
          resourceType: 9,
          resourceId: '*',
          permissions: ['CREATE'],
        }),
      ),
    ).toBe(403);
    expect(await refused(worker.request('DELETE', `/history/process-instance/${processInstanceId}`))).toBe(403);
    const locked = await worker.request<Array<{ processInstanceId: string }>>('POST', '/external-task/fetchAndLock', {
      workerId: 'security-test',
      maxTasks: 50,
      topics: [{ topicName: 'intake-check', lockDuration: 1_000, processVariables: {} }],
    });
    expect(locked.map((t) => t.processInstanceId)).toContain(processInstanceId);
  });

  it('api: starts and reads its applications, and cannot lock, complete or deploy', async () => {
    const asApi = engineAs(API_USER, process.env.TEST_API_PASSWORD);
    const { processInstanceId, taskId } = await waitingInstance();
    expect((await asApi.historicProcessInstances({ processInstanceId })).map((p) => p.id)).toEqual([processInstanceId]);
    expect(
      await refused(
        asApi.request('POST', '/external-task/fetchAndLock', {
          workerId: 'api',
          maxTasks: 50,
          topics: [{ topicName: 'intake-check', lockDuration: 1_000 }],
        }),
      ),
    ).toBe(403);
    // The engine checks the lock holder before permissions: the task is locked by `worker` as W, so
    // only a permission check can refuse `api` (a 400 would be the lock check speaking).
    const worker = engineAs(WORKER_USER, process.env.CAMUNDA_PASSWORD);
    await worker.request('POST', `/external-task/${taskId}/lock`, { workerId: 'W', lockDuration: 60_000 });
    expect(await refused(asApi.request('POST', `/external-task/${taskId}/complete`, { workerId: 'W' }))).toBe(403);
    expect(await refused(asApi.request('POST', `/external-task/${taskId}/unlock`))).toBe(403);
    expect(await refused(asApi.request('PUT', `/external-task/${taskId}/retries`, { retries: 0 }))).toBe(403);
    const [task] = (await engine().externalTasks({ processInstanceId })).filter((t) => t.id === taskId);
    expect({ workerId: task.workerId, retries: task.retries }).toEqual({ workerId: 'W', retries: null });
    // The positive control: the lock holder may unlock it.
    await worker.request('POST', `/external-task/${taskId}/unlock`);
    expect(await refused(createDeployment(asApi))).toBe(403);
    expect(await refused(asApi.request('DELETE', `/process-instance/${processInstanceId}`))).toBe(403);
  });

  it('an operator reads instances and retries what failed, and cannot deploy or delete; an analyst deploys', async () => {
    const operator = engineAs('OPS-01');
    const { processInstanceId, taskId } = await waitingInstance();
    expect(
      (
        await operator.request<Array<{ id: string }>>(
          'GET',
          `/process-instance?processInstanceIds=${processInstanceId}`,
        )
      ).map((p) => p.id),
    ).toEqual([processInstanceId]);
    await operator.setExternalTaskRetries(taskId, 3);
    expect((await operator.activityHistory(processInstanceId)).length).toBeGreaterThan(0);
    expect(await refused(createDeployment(operator))).toBe(403);
    // Cockpit's Deployments view: the deployments are listed to operators and analysts, deployed by neither.
    expect((await operator.request<{ count: number }>('GET', '/deployment/count')).count).toBeGreaterThan(0);
    expect((await engineAs('ANL-01').request<unknown[]>('GET', '/deployment')).length).toBeGreaterThan(0);
    // Nor does a person write an incident (its type would be free text in the engine's metrics).
    expect(
      await refused(
        operator.request('POST', `/execution/${processInstanceId}/create-incident`, {
          incidentType: 'a person 870412300129',
          configuration: 'x',
        }),
      ),
    ).toBe(403);
    expect(await refused(operator.request('DELETE', `/process-instance/${processInstanceId}`))).toBe(403);
    expect(await refused(operator.request('GET', '/user/BOS-C01/profile'))).toBe(404);
    // The positive control: the user exists, so the 404 is the operator's missing READ on users.
    expect((await engine().request<{ id: string }>('GET', '/user/BOS-C01/profile')).id).toBe('BOS-C01');
    // The analyst checks diagrams but deploys none (a new version can route around the commission),
    // and deletes nothing.
    expect(await refused(createDeployment(engineAs('ANL-01')))).toBe(403);
    expect(await refused(engineAs('ANL-01').request('DELETE', `/process-instance/${processInstanceId}`))).toBe(403);
  });

  it('a commission member reads no instance and no other group', async () => {
    const member = engineAs('BOS-C01');
    await waitingInstance();
    expect(await member.request('GET', '/process-instance')).toEqual([]);
    expect(await member.request('GET', '/external-task')).toEqual([]);
    expect(await refused(createDeployment(member))).toBe(403);
  });
});

describe('a second instance of an application does not get around intake', () => {
  it('api starting one through the centre channel for a portal request whose EDS was refused: registration refuses, an incident, no number', async () => {
    const workers = startWorkers(undefined, { WORKER_RETRIES: 0 }, { commission: false });
    try {
      const intake = new Intake(api.redis, api.apiEngine, createLogger('test', 'silent'));
      // A district no other test of this file registers in, so its counter is this test's alone.
      const d = {
        ...dossier({ channel: 'portal', address: { district: 'turksib', line: 'ул. Абая, 2' } }),
        signature: { cms: 'MAA=' },
      };
      const { id } = await intake.submit(d, { owner: 'applicant:attacker-account' });
      const first = (await api.applications.processInstanceId(id))!;
      await until('the first instance to end', async () => {
        const [found] = await engine().historicProcessInstances({ processInstanceId: first });
        return found?.state === 'COMPLETED' ? found : null;
      });
      expect((await api.applications.get(id))?.status).toMatch(/refused$/);
      const year = almatyYear(new Date());
      const before = await counterValue(api.redis, registrations(d.address.district, year));
      // api may start the process by its messages: the one thing it is there for.
      const second = await api.apiEngine.startByMessage('housing-assistance.state-corporation', id, {
        channel: 'state-corporation',
        district: d.address.district,
        receivedAt: new Date().toISOString(),
      });
      const [incident] = await until('an incident at registration', async () => {
        const found = await engine().incidents({ processInstanceId: second });
        return found.length ? found : null;
      });
      expect(incident).toMatchObject({ activityId: 'Task_Registration' });
      expect(incident.incidentMessage).toMatch(/condition 2 \(EDS, §12\) has not passed/);
      expect(await counterValue(api.redis, registrations(d.address.district, year))).toBe(before);
      expect((await api.applications.get(id))?.results.registration).toBeUndefined();
      await engine().request('DELETE', `/process-instance/${second}`);
    } finally {
      await workers.stop();
    }
  });
});

describe('only the commission decides step 4: every other user and role gets 403', () => {
  /** An application of `district` waiting at the commission's task, with the workers of this block. */
  async function atCommission(district: 'almaly' | 'bostandyk') {
    const workers = startWorkers(undefined, {}, { commission: false });
    try {
      const intake = new Intake(api.redis, api.apiEngine, createLogger('test', 'silent'));
      const { id } = await intake.submit(dossier({ address: { district, line: 'ул. Абая, 1' } }), {
        owner: `centre:con-${district}`,
      });
      const processInstanceId = (await api.applications.processInstanceId(id))!;
      const [task] = await until('the commission task', async () => {
        const tasks = await engine().request<Array<{ id: string; executionId: string }>>(
          'GET',
          `/task?processInstanceId=${processInstanceId}&taskDefinitionKey=UserTask_CommissionDecision`,
        );
        return tasks.length ? tasks : null;
      });
      return { processInstanceId, task };
    } finally {
      await workers.stop();
    }
  }
  // The fixture family's recommendation is to assign: a forged refusal.
  const decisionVariable = { value: 'refused', type: 'String' };
  const pastTheCommission = { instructions: [{ type: 'startBeforeActivity', activityId: 'Task_Notification' }] };

  it('worker and api: cannot write a decision variable or move an instance past the commission', async () => {
    const { processInstanceId, task } = await atCommission('bostandyk');
    const [timer] = await engine().request<Array<{ id: string }>>(
      'GET',
      `/job?processInstanceId=${processInstanceId}&timers=true`,
    );
    for (const client of [engineAs(WORKER_USER, process.env.CAMUNDA_PASSWORD), api.apiEngine]) {
      const who = client === api.apiEngine ? API_USER : WORKER_USER;
      const attempts = {
        who,
        instanceVariable: await refused(
          client.request('PUT', `/process-instance/${processInstanceId}/variables/commissionOutcome`, decisionVariable),
        ),
        patch: await refused(
          client.request('POST', `/process-instance/${processInstanceId}/variables`, {
            modifications: { commissionOutcome: decisionVariable },
          }),
        ),
        executionVariable: await refused(
          client.request('PUT', `/execution/${task.executionId}/localVariables/commissionOutcome`, decisionVariable),
        ),
        modification: await refused(
          client.request('POST', `/process-instance/${processInstanceId}/modification`, pastTheCommission),
        ),
        // A signal moves the token on without the task being completed.
        signal: await refused(
          client.request('POST', `/execution/${task.executionId}/signal`, { variables: { x: { value: 1 } } }),
        ),
        startPastTheChecks: await refused(
          client.request('POST', '/process-definition/key/housing-assistance/start', {
            businessKey: processInstanceId,
            startInstructions: [{ type: 'startBeforeActivity', activityId: 'Task_Notification' }],
          }),
        ),
        suspend: await refused(
          client.request('PUT', `/process-instance/${processInstanceId}/suspended`, { suspended: true }),
        ),
        // The 6-day and 10-day timers (§6, §10): neither fired early nor moved.
        timerDue: await refused(
          client.request('PUT', `/job/${timer.id}/duedate`, { duedate: '2026-01-01T00:00:00.000+0000' }),
        ),
        timerFired: await refused(client.request('POST', `/job/${timer.id}/execute`)),
      };
      expect(attempts).toEqual({
        who,
        instanceVariable: 403,
        patch: 403,
        executionVariable: 403,
        modification: 403,
        signal: 403,
        startPastTheChecks: 403,
        suspend: 403,
        timerDue: 403,
        timerFired: 403,
      });
    }
    // Nothing moved, nothing written: the instance still waits for the commission, with the form's prefill.
    expect(
      (await engine().request<Array<{ id: string }>>('GET', `/task?processInstanceId=${processInstanceId}`)).map(
        (t) => t.id,
      ),
    ).toEqual([task.id]);
    expect(
      (await engine().request<{ suspended: boolean }>('GET', `/process-instance/${processInstanceId}`)).suspended,
    ).toBe(false);
    expect((await engine().request<{ dueDate: string }>('GET', `/job/${timer.id}`)).dueDate).not.toMatch(/^2026-01-01/);
    const written = await engine().request<Array<{ variableName: string; value: unknown }>>(
      'GET',
      `/history/detail?processInstanceId=${processInstanceId}&variableUpdates=true`,
    );
    expect(written.filter((d) => d.variableName === 'commissionOutcome').map((d) => d.value)).toEqual(['assigned']);
    // The positive control: the administrator may write the same variable.
    expect(
      await refused(
        engine().request('PUT', `/process-instance/${processInstanceId}/variables/probe`, {
          value: 1,
          type: 'Integer',
        }),
      ),
    ).toBe('no error');
  });

  it("a commission member: cannot complete another district's task, write its variables, move the instance or deploy", async () => {
    const { processInstanceId, task } = await atCommission('almaly');
    const member = engineAs('BOS-C01');
    expect(
      await refused(
        member.request('POST', `/task/${task.id}/complete`, { variables: { commissionOutcome: decisionVariable } }),
      ),
    ).toBe(403);
    expect(await refused(member.request('POST', `/task/${task.id}/claim`, { userId: 'BOS-C01' }))).toBe(403);
    expect(
      await refused(
        member.request('PUT', `/process-instance/${processInstanceId}/variables/commissionOutcome`, decisionVariable),
      ),
    ).toBe(403);
    expect(
      await refused(member.request('POST', `/process-instance/${processInstanceId}/modification`, pastTheCommission)),
    ).toBe(403);
    expect(await refused(createDeployment(member))).toBe(403);
    // Members of its own district work it (TASK_WORK): claim, but not rewrite its variables outside the form.
    const own = engineAs('ALM-C01');
    await own.request('POST', `/task/${task.id}/claim`, { userId: 'ALM-C01' });
    expect(await refused(own.request('PUT', `/task/${task.id}/variables/commissionOutcome`, decisionVariable))).toBe(
      403,
    );
    expect(
      await refused(own.request('POST', `/process-instance/${processInstanceId}/modification`, pastTheCommission)),
    ).toBe(403);
  });
});

describe('the identity step (npm run identity)', () => {
  const admin = (): EngineAdmin => engine();
  const apply = (p: People) =>
    applyPeople(admin(), p, process.env.ENGINE_PASSWORDS_DIR!, process.env.CAMUNDA_ADMIN_PASSWORD!);

  it('changes nothing when run again, and a person removed from the file loses access', async () => {
    const again = await apply(people());
    expect(describeChanges(again)).toEqual([
      'identity: the engine already matches config/people.yaml, nothing changed',
    ]);

    const leaving = engineAs('BOS-C03');
    expect((await leaving.request<Array<{ id: string }>>('GET', '/group?member=BOS-C03')).map((g) => g.id)).toEqual([
      'commission-bostandyk',
    ]);
    const without = people();
    without.districts.bostandyk.commission = without.districts.bostandyk.commission.filter((c) => c !== 'BOS-C03');
    try {
      const removed = await apply(without);
      expect(removed.deleted).toEqual(['user BOS-C03']);
      expect(removed.created).toEqual([]);
      expect(await refused(leaving.version())).toBe(401);
      expect(await refused(admin().request('GET', '/user/BOS-C03/profile'))).toBe(404);
    } finally {
      const back = await apply(people());
      expect(back.created).toEqual(['user BOS-C03', 'membership BOS-C03 in commission-bostandyk']);
    }
    expect((await engineAs('BOS-C03').version()).version).toBe('7.24.0');
  });
});
