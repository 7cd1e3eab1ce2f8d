import { beforeAll, describe, expect, it } from '@jest/globals';
import { workersContext } from '../../src/check/templates.js';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkDiagrams } from '../../src/check/check.js';
import { loadRegulation, REGULATION_FILE } from '../../src/config.js';
import { BPMN_DIR } from '../../src/engine/deployment.js';
import { ROOT } from '../../src/paths.js';
import { WORKERS } from '../../workers/all.js';

const SHIPPED = join(BPMN_DIR, 'housing-assistance.bpmn');
const context = workersContext(WORKERS, loadRegulation());
const inProcess = { bpmnlint: false };
let xml: string;
let dir: string;
beforeAll(() => {
  xml = readFileSync(SHIPPED, 'utf8');
  dir = mkdtempSync(join(tmpdir(), 'check-'));
  copyFileSync(join(BPMN_DIR, 'commission-decision.form'), join(dir, 'commission-decision.form'));
});

/** A copy of the shipped diagram with one change an analyst might make. */
function broken(name: string, change: (xml: string) => string): string {
  const changed = change(xml);
  expect(changed).not.toBe(xml);
  const file = join(dir, `${name}.bpmn`);
  writeFileSync(file, changed);
  return file;
}

async function findings(file: string) {
  const { reports } = await checkDiagrams([file], context, inProcess);
  return reports[0].findings;
}

describe('the diagram checks', () => {
  it('pass on the shipped diagram, and every worker topic is used', async () => {
    const { reports, unusedWorkers } = await checkDiagrams([SHIPPED], context, inProcess);
    expect(reports[0].findings).toEqual([]);
    expect(reports[0].warnings).toEqual([]);
    expect(unusedWorkers).toEqual([]);
  });

  const cases: Array<[string, string, (x: string) => string, string]> = [
    [
      'a missing step',
      'regulation-steps',
      (x) => x.replaceAll('Task_CommissionTransfer', 'Task_ToCommission'),
      'Task_CommissionTransfer',
    ],
    [
      'no data from the state registers (§11)',
      'regulation-steps',
      (x) => x.replace('camunda:topic="state-data"', 'camunda:topic="commission-transfer"'),
      'Task_StateData',
    ],
    [
      'a term that is never found met',
      'step-deadlines',
      (x) =>
        x
          .replace('<bpmn:serviceTask id="Task_SendToStateCorporation"', '<bpmn:serviceTask id="Task_SendToCentre"')
          .replaceAll('"Task_SendToStateCorporation"', '"Task_SendToCentre"')
          .replace('sourceRef="Task_SendToStateCorporation"', 'sourceRef="Task_SendToCentre"')
          .replace('>Task_SendToStateCorporation<', '>Task_SendToCentre<'),
      'Task_SendToStateCorporation',
    ],
    [
      'a task whose topic left its template',
      'templates-match',
      (x) =>
        x.replace(
          'camunda:topic="notification" camunda:modelerTemplate="kz.almaty.housing-assistance.notification"',
          'camunda:topic="notification" camunda:modelerTemplate="kz.almaty.housing-assistance.resolution"',
        ),
      'Task_Notification',
    ],
    [
      'a changed fixed property of a template',
      'templates-match',
      (x) =>
        x.replace(
          '<camunda:property name="clause" value="§6 step 1 / §9 1) / §10 2)" /><camunda:property name="reads" value="receivedAt" />',
          '<camunda:property name="clause" value="§6 step 1 / §9 1) / §10 2)" /><camunda:property name="reads" value="receivedAt, district" />',
        ),
      'Task_Registration',
    ],
    [
      'a wrong deadline',
      'step-deadlines',
      (x) =>
        x.replace(
          /(Timer_RegistrationDeadlineDefinition"><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">)PT20M/,
          '$1P1D',
        ),
      'Timer_RegistrationDeadline',
    ],
    [
      'an interrupting deadline',
      'step-deadlines',
      (x) =>
        x.replace(
          'cancelActivity="false" attachedToRef="Task_Notification"',
          'cancelActivity="true" attachedToRef="Task_Notification"',
        ),
      'Timer_NotificationDeadline',
    ],
    [
      'a topic without a worker',
      'topics-have-workers',
      (x) => x.replace('camunda:topic="notification"', 'camunda:topic="notify"'),
      'Task_Notification',
    ],
    [
      'a refusal without its end',
      'refusal-ends',
      (x) =>
        x.replace(
          /<bpmn:endEvent id="EndEvent_EdsRefused"(.*?)<\/bpmn:endEvent>/,
          '<bpmn:intermediateThrowEvent id="EndEvent_EdsRefused"$1</bpmn:intermediateThrowEvent>',
        ),
      'EndEvent_EdsRefused',
    ],
    [
      'an element without a name',
      'named-elements',
      (x) => x.replace('name="Review and designate the responsible specialist (step 2)"', 'name=""'),
      'Task_Resolution',
    ],
    ['a lane for no actor', 'lanes-match-actors', (x) => x.replaceAll('Lane_Head', 'Lane_Boss'), 'Lane_Boss'],
    [
      'a commission task any district may claim',
      'people-tasks',
      (x) =>
        x.replace('camunda:candidateGroups="commission-${district}"', 'camunda:candidateGroups="commission-bostandyk"'),
      'UserTask_CommissionDecision',
    ],
    [
      'a commission task with a form that is not deployed',
      'people-tasks',
      (x) => x.replace('camunda:formRef="commission-decision"', 'camunda:formRef="commission-decision-v2"'),
      'UserTask_CommissionDecision',
    ],
    [
      'the commission decided by a service',
      'people-tasks',
      (x) =>
        x.replace(
          /<bpmn:userTask id="UserTask_CommissionDecision"(.*?)<\/bpmn:userTask>/,
          '<bpmn:manualTask id="UserTask_CommissionDecision"$1</bpmn:manualTask>',
        ),
      'UserTask_CommissionDecision',
    ],
  ];

  it.each(cases)('fail on %s (%s), naming the element, the clause and the fix', async (name, rule, change, element) => {
    const found = (await findings(broken(name.replaceAll(' ', '-'), change))).filter((f) => f.rule === rule);
    expect(found.map((f) => f.element)).toContain(element);
    for (const f of found) expect(f.fix.length).toBeGreaterThan(5);
  });

  it('follow the regulation file: a limit changed there is a finding on the unchanged diagram, with its clause', async () => {
    const file = join(dir, 'regulation.yaml');
    writeFileSync(
      file,
      readFileSync(REGULATION_FILE, 'utf8').replace(
        'element: SubProcess_CommissionTransfer, limit: P2D',
        'element: SubProcess_CommissionTransfer, limit: PT72H',
      ),
    );
    const { reports } = await checkDiagrams([SHIPPED], { ...context, regulation: loadRegulation(file) }, inProcess);
    expect(reports[0].findings).toEqual([
      expect.objectContaining({
        rule: 'step-deadlines',
        element: 'Timer_CommissionTransferDeadline',
        clause: '§6 step 3 / §9 3) / §10 4)',
        message: "timer P2D differs from the regulation's PT72H (calendar time)",
      }),
    ]);
  });

  it('find a time limit the regulation does not set', async () => {
    const file = broken('extra-timer', (x) =>
      x.replace('attachedToRef="Task_HandOver"', 'attachedToRef="Task_CabinetDelivery"'),
    );
    const found = (await findings(file)).filter((f) => f.rule === 'step-deadlines').map((f) => f.element);
    expect(found).toEqual(expect.arrayContaining(['Task_HandOver', 'Timer_HandOverDeadline']));
  });

  it('find a refusal whose deciding step no longer leads to its end', async () => {
    const file = broken('detached-refusal', (x) =>
      x.replace(
        'sourceRef="Gateway_EdsValid" targetRef="EndEvent_EdsRefused"',
        'sourceRef="Gateway_EdsValid" targetRef="EndEvent_DocumentsRefused"',
      ),
    );
    const found = (await findings(file)).filter((f) => f.rule === 'refusal-ends');
    expect(found.map((f) => [f.element, f.clause])).toContainEqual(['EndEvent_EdsRefused', '§12 7) process 4']);
  });

  it('reject a regulation file that is not valid, naming the field', () => {
    const file = join(dir, 'bad-regulation.yaml');
    writeFileSync(file, readFileSync(REGULATION_FILE, 'utf8').replace('limit: P6D', 'limit: six days'));
    expect(() => loadRegulation(file)).toThrow(/steps\.\d+\.limit: an ISO 8601 duration/);
  });

  it('compare durations as durations: PT1200S is the regulation’s 20 minutes', async () => {
    const file = broken('same-duration', (x) =>
      x.replace(
        /(Timer_RegistrationDeadlineDefinition"><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">)PT20M/,
        '$1PT1200S',
      ),
    );
    expect(await findings(file)).toEqual([]);
  });

  it('npm run check:bpmn exits 1 on a broken copy with the element, clause and fix, and 0 on the shipped diagram', () => {
    const file = broken('cli', (x) =>
      x.replace(
        /(Timer_RegistrationDeadlineDefinition"><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">)PT20M/,
        '$1PT40M',
      ),
    );
    const run = (...args: string[]) =>
      spawnSync(
        process.execPath,
        ['--import', 'tsx', join(ROOT, 'src', 'cli', 'check-bpmn.ts'), '--offline', ...args],
        {
          cwd: ROOT,
          encoding: 'utf8',
          timeout: 60_000,
        },
      );
    const bad = run(file);
    expect(bad.status).toBe(1);
    expect(bad.stdout).toContain(
      "Timer_RegistrationDeadline (§6 step 1 / §9 1) / §10 2)) [step-deadlines]: timer PT40M differs from the regulation's PT20M",
    );
    expect(bad.stdout).toContain('fix: set the duration of Timer_RegistrationDeadline to PT20M');
    const good = run(SHIPPED);
    expect(good.status).toBe(0);
    expect(good.stdout).not.toContain('(warning)');
    // bpmnlint's recommended rules and Camunda 7.24 compatibility run too.
    const unlabelled = run(
      broken('unlabelled', (x) =>
        x.replace('name="Review and designate the responsible specialist (step 2)"', 'name=""'),
      ),
    );
    expect(unlabelled.status).toBe(1);
    expect(unlabelled.stdout).toContain('Task_Resolution [bpmnlint/label-required]');
  });
});
