import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BPMN_DIR, DEPLOYMENT_NAME, modelFiles } from '../../src/engine/deployment.js';
import { EngineError } from '../../src/engine/camunda.js';
import { Intake } from '../../src/api/intake.js';
import { createLogger } from '../../src/platform/logger.js';
import { testApi } from '../support/api.js';
import { removeInstancesAfterFile } from '../support/cleanup.js';
import { dossier } from '../support/fixtures.js';
import { engine, engineAs, until } from '../support/harness.js';

/**
 * engine/…/DeploymentGuard.java and TechnicalUsersGuard.java against the run's real engine: an analyst
 * may deploy only our process, in our diagram's shapes, with expressions of its small grammar; analysts
 * and operators, whose grants include UPDATE_INSTANCE, may not write variables or move, fire or hold
 * an instance.
 */
removeInstancesAfterFile();

const ANALYST = 'ANL-01';
const OPERATOR = 'OPS-01';
/**
 * Nobody but the administrator deploys (src/domain/roles.ts); the parse guard still refuses code to
 * anyone else an administrator might grant deployments to, as this file's own user is granted them.
 */
const DEPLOYER = { user: `guard-test-deployer-${process.pid}`, password: `Pw-${process.pid}-${Date.now()}` };
const shipped = readFileSync(join(BPMN_DIR, 'housing-assistance.bpmn'), 'utf8');
/** The shipped diagram with one change (which must apply: the diagram may have moved on). */
function variant(from: string | RegExp, to: string): string {
  const xml = shipped.replace(from, to);
  if (xml === shipped) throw new Error(`the shipped diagram has no ${String(from)} to change`);
  return xml;
}
const deployAs = (user: string, bpmn: string) =>
  (user === DEPLOYER.user ? engineAs(user, DEPLOYER.password) : engineAs(user)).deploy(DEPLOYMENT_NAME, [
    ...modelFiles().filter((f) => !f.name.endsWith('.bpmn')),
    { name: 'housing-assistance.bpmn', content: bpmn },
  ]);
/** Status and message of a refused call, or 'no error'. */
const outcome = (p: Promise<unknown>) =>
  p.then(
    () => ({ status: 'no error' as number | string | null, message: '' }),
    (e: unknown) =>
      e instanceof EngineError ? { status: e.status, message: e.message } : { status: 'other', message: String(e) },
  );
const counts = async () => ({
  deployments: (await engine().request<{ count: number }>('GET', '/deployment/count')).count,
  definitions: (await engine().request<{ count: number }>('GET', '/process-definition/count')).count,
});

describe('a user granted deployments deploys only our process, in our diagram’s shapes', () => {
  let authorization: string;
  beforeAll(async () => {
    await engine().request('POST', '/user/create', {
      profile: { id: DEPLOYER.user, firstName: 'Guard', lastName: 'test' },
      credentials: { password: DEPLOYER.password },
    });
    authorization = (
      await engine().request<{ id: string }>('POST', '/authorization/create', {
        type: 1,
        permissions: ['CREATE', 'READ'],
        userId: DEPLOYER.user,
        resourceType: 9,
        resourceId: '*',
      })
    ).id;
  });
  afterAll(async () => {
    await engine().request('DELETE', `/authorization/${authorization}`);
    await engine().request('DELETE', `/user/${DEPLOYER.user}`);
  });

  const attacks: Array<[string, string, RegExp]> = [
    [
      'a service task with camunda:expression',
      variant(
        /camunda:type="external"/,
        `camunda:expression="\${''.getClass().forName('java.lang.Runtime').getRuntime().exec('touch /tmp/pwned')}"`,
      ),
      /serviceTask '\w+'.*(camunda:type="external"|camunda:expression is not allowed)/,
    ],
    [
      'a script task',
      variant(
        '</bpmn:process>',
        '<bpmn:scriptTask id="Task_Script" scriptFormat="javascript"><bpmn:script>java.lang.Runtime.getRuntime()</bpmn:script></bpmn:scriptTask></bpmn:process>',
      ),
      /scriptTask 'Task_Script'.*runs code/,
    ],
    [
      'a condition that calls a method',
      variant('>${authorized}<', ">${identityService.createMembership('ANL-01', 'camunda-admin') == null}<"),
      /conditionExpression.*expression not allowed.*identityService\.createMembership/,
    ],
    [
      'another process id',
      variant(/id="housing-assistance"/g, 'id="housing-assistance-evil"').replace(
        'processRef="housing-assistance"',
        'processRef="housing-assistance-evil"',
      ),
      /process 'housing-assistance-evil'.*the only process/,
    ],
    [
      'a timer start event',
      variant(
        '<bpmn:messageEventDefinition messageRef="Message_PortalApplication" />',
        '<bpmn:timerEventDefinition><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">PT1S</bpmn:timeDuration></bpmn:timerEventDefinition>',
      ),
      /startEvent 'StartEvent_Portal'.*starts only by a message/,
    ],
  ];

  attacks.push([
    "a class in Camunda's older (Activiti) namespace on a throw event",
    variant(/<bpmn:definitions /, '<bpmn:definitions xmlns:activiti="http://activiti.org/bpmn" ').replace(
      '<bpmn:messageEventDefinition messageRef="Message_PortalApplication" />',
      '<bpmn:messageEventDefinition messageRef="Message_PortalApplication" /></bpmn:startEvent><bpmn:intermediateThrowEvent id="Throw_Shell"><bpmn:messageEventDefinition activiti:class="org.camunda.bpm.engine.impl.bpmn.behavior.ShellActivityBehavior" /></bpmn:intermediateThrowEvent><bpmn:startEvent id="StartEvent_Unused">',
    ),
    /camunda:class is not allowed/,
  ]);

  it('an analyst deploys nothing (403): a new version can route around the commission', async () => {
    const before = await counts();
    expect((await outcome(deployAs(ANALYST, shipped))).status).toBe(403);
    expect(await counts()).toEqual(before);
  });

  it.each(attacks)('refuses %s (400, naming the element), and deploys nothing', async (_what, bpmn, why) => {
    const before = await counts();
    const { status, message } = await outcome(deployAs(DEPLOYER.user, bpmn));
    expect({ status, named: why.test(message) }).toEqual({ status: 400, named: true });
    expect(await counts()).toEqual(before);
  });

  it('deploys the shipped diagram (a new deployment, parsed and checked)', async () => {
    const before = await counts();
    const deployment = await deployAs(DEPLOYER.user, shipped);
    expect(Object.values(deployment.deployedProcessDefinitions ?? {}).map((d) => d.key)).toEqual([
      'housing-assistance',
    ]);
    expect((await counts()).deployments).toBe(before.deployments + 1);
  });
});

describe('analysts and operators: no variables written, no token moved, fired or held', () => {
  let api: ReturnType<typeof testApi>;
  beforeAll(() => {
    api = testApi();
  });
  afterAll(() => api.close());

  /** An application waiting at its first external task, with its intake deadline's timer. */
  async function waiting() {
    const intake = new Intake(api.redis, api.apiEngine, createLogger('test', 'silent'));
    const { id } = await intake.submit(dossier(), { owner: 'centre:con-bostandyk' });
    const processInstanceId = (await api.applications.processInstanceId(id))!;
    const [timer] = await until('its deadline timer', async () => {
      const jobs = await engine().request<Array<{ id: string; dueDate: string }>>(
        'GET',
        `/job?processInstanceId=${processInstanceId}&timers=true`,
      );
      return jobs.length ? jobs : null;
    });
    return { processInstanceId, timer };
  }

  it.each([ANALYST, OPERATOR])(
    '%s: 403 for a variable, a modification, a message, a job run and a suspension',
    async (who) => {
      const { processInstanceId, timer } = await waiting();
      const client = engineAs(who);
      const status = async (p: Promise<unknown>) => (await outcome(p)).status;
      const attempts = {
        variable: await status(
          client.request('PUT', `/process-instance/${processInstanceId}/variables/decision`, {
            value: 'assigned',
            type: 'String',
          }),
        ),
        modification: await status(
          client.request('POST', `/process-instance/${processInstanceId}/modification`, {
            instructions: [{ type: 'startBeforeActivity', activityId: 'Task_Notification' }],
          }),
        ),
        message: await status(
          client.request('POST', '/message', {
            messageName: 'housing-assistance.applicant-at-desk',
            processInstanceId,
          }),
        ),
        jobExecute: await status(client.request('POST', `/job/${timer.id}/execute`)),
        suspend: await status(
          client.request('PUT', `/process-instance/${processInstanceId}/suspended`, { suspended: true }),
        ),
      };
      expect(attempts).toEqual({ variable: 403, modification: 403, message: 403, jobExecute: 403, suspend: 403 });
      // Nothing happened: the timer waits, the instance runs, no variable was written.
      expect(
        (
          await engine().request<Array<{ id: string }>>(
            'GET',
            `/job?processInstanceId=${processInstanceId}&timers=true`,
          )
        ).map((j) => j.id),
      ).toContain(timer.id);
      expect(
        (await engine().request<{ suspended: boolean }>('GET', `/process-instance/${processInstanceId}`)).suspended,
      ).toBe(false);
      expect(
        await engine().request(
          'GET',
          `/history/variable-instance?processInstanceId=${processInstanceId}&variableName=decision`,
        ),
      ).toEqual([]);
    },
  );

  it('an operator still retries a job; nobody but the administrator moves, deletes or reprioritises a deadline', async () => {
    const { timer } = await waiting();
    expect(await outcome(engineAs(OPERATOR).request('PUT', `/job/${timer.id}/retries`, { retries: 3 }))).toEqual({
      status: 'no error',
      message: '',
    });
    expect((await outcome(engineAs(ANALYST).request('PUT', `/job/${timer.id}/retries`, { retries: 3 }))).status).toBe(
      403,
    );
    for (const who of [ANALYST, OPERATOR]) {
      const client = engineAs(who);
      const tries = {
        duedate: (await outcome(client.request('PUT', `/job/${timer.id}/duedate`, { duedate: timer.dueDate }))).status,
        priority: (await outcome(client.request('PUT', `/job/${timer.id}/priority`, { priority: 1 }))).status,
        delete: (await outcome(client.request('DELETE', `/job/${timer.id}`))).status,
      };
      expect({ who, ...tries }).toEqual({ who, duedate: 403, priority: 403, delete: 403 });
    }
  });
});
