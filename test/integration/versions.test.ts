import { expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readModel } from '../../src/check/model-file.js';
import { strandedTokens } from '../../src/check/versions.js';
import { ROOT } from '../../src/paths.js';
import { engine } from '../support/harness.js';
import { removeInstancesAfterFile } from '../support/cleanup.js';

removeInstancesAfterFile();

/** A small process of its own, so the tokens counted are only this test's. */
const key = `versioning-probe-${Date.now()}`;
const diagram = (waitId: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="Definitions_Probe" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="${key}" name="Versioning probe" isExecutable="true">
    <bpmn:startEvent id="Start" name="Start"><bpmn:outgoing>F1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:userTask id="${waitId}" name="Wait"><bpmn:incoming>F1</bpmn:incoming><bpmn:outgoing>F2</bpmn:outgoing></bpmn:userTask>
    <bpmn:endEvent id="End" name="End"><bpmn:incoming>F2</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="F1" sourceRef="Start" targetRef="${waitId}" />
    <bpmn:sequenceFlow id="F2" sourceRef="${waitId}" targetRef="End" />
  </bpmn:process>
</bpmn:definitions>`;

it('a change that removes an element holding tokens is reported, with how many instances of which version wait there', async () => {
  const camunda = engine();
  await camunda.deploy(key, [{ name: `${key}.bpmn`, content: diagram('Task_Wait') }]);
  await camunda.startByKey(key, 'probe-1');
  await camunda.startByKey(key, 'probe-2');

  const dir = mkdtempSync(join(tmpdir(), 'versions-'));
  const unchanged = join(dir, 'unchanged.bpmn');
  const changed = join(dir, 'changed.bpmn');
  writeFileSync(unchanged, diagram('Task_Wait'));
  writeFileSync(changed, diagram('Task_Review'));

  expect(await strandedTokens(await readModel(unchanged), camunda)).toEqual([]);
  const [warning, ...rest] = await strandedTokens(await readModel(changed), camunda);
  expect(rest).toEqual([]);
  expect(warning).toMatchObject({ rule: 'stranded-tokens', element: 'Task_Wait' });
  expect(warning.message).toContain('2 running instance(s) of version 1 wait at Task_Wait');
  expect(warning.fix).toContain('migration API');

  // The same through the command an analyst runs before deploying.
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src', 'cli', 'check-bpmn.ts'), changed], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
    env: {
      ...process.env,
      CAMUNDA_USER: 'ANL-01',
      CAMUNDA_PASSWORD: readFileSync(join(process.env.ENGINE_PASSWORDS_DIR!, 'ANL-01'), 'utf8'),
    },
  });
  expect(run.stdout).toContain('! Task_Wait [stranded-tokens]: 2 running instance(s) of version 1');
});
