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
const shipped = readFileSync(join(BPMN_DIR, 'housing-assistance.bpmn'), 'utf8');
/** The shipped diagram with one change (which must apply: the diagram may have moved on). */
function variant(from: string | RegExp, to: string): string {
  const xml = shipped.replace(from, to);
  if (xml === shipped) throw new Error(`the shipped diagram has no ${String(from)} to change`);
  return xml;
}
const deployAs = (user: string, bpmn: string) =>
  engineAs(user).deploy(DEPLOYMENT_NAME, [
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

describe('an analyst deploys only our process, in our diagram’s shapes', () => {
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

  it.each(attacks)('refuses %s (400, naming the element), and deploys nothing', async (_what, bpmn, why) => {
    const before = await counts();
    const { status, message } = await outcome(deployAs(ANALYST, bpmn));
    expect({ status, named: why.test(message) }).toEqual({ status: 400, named: true });
    expect(await counts()).toEqual(before);
  });

  it('deploys the shipped diagram as an analyst (a new deployment, parsed and checked)', async () => {
    const before = await counts();
    const deployment = await deployAs(ANALYST, shipped);
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

  it('an operator still retries a job; an analyst still sets a deadline’s due date (npm run amend)', async () => {
    const { timer } = await waiting();
    expect(await outcome(engineAs(OPERATOR).request('PUT', `/job/${timer.id}/retries`, { retries: 3 }))).toEqual({
      status: 'no error',
      message: '',
    });
    expect(
      await outcome(engineAs(ANALYST).request('PUT', `/job/${timer.id}/duedate`, { duedate: timer.dueDate })),
    ).toEqual({ status: 'no error', message: '' });
    // An operator has no need to move a deadline.
    expect(
      (await outcome(engineAs(OPERATOR).request('PUT', `/job/${timer.id}/duedate`, { duedate: timer.dueDate }))).status,
    ).toBe(403);
  });
});
