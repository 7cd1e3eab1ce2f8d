import { describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { removeInstancesAfterFile } from '../support/cleanup.js';
import { engine, until } from '../support/harness.js';

/** test/support/cleanup.ts: what a file leaves running on the shared engine is removed after it, and only that. */
const key = `isolation-probe-${randomBytes(3).toString('hex')}`;
const diagram = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="Defs" targetNamespace="http://test">
  <bpmn:process id="${key}" name="Isolation probe" isExecutable="true" camunda:historyTimeToLive="P1D" xmlns:camunda="http://camunda.org/schema/1.0/bpmn">
    <bpmn:startEvent id="Start" name="Start"><bpmn:outgoing>F1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:userTask id="Wait" name="Wait"><bpmn:incoming>F1</bpmn:incoming><bpmn:outgoing>F2</bpmn:outgoing></bpmn:userTask>
    <bpmn:endEvent id="End" name="End"><bpmn:incoming>F2</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="F1" sourceRef="Start" targetRef="Wait" />
    <bpmn:sequenceFlow id="F2" sourceRef="Wait" targetRef="End" />
  </bpmn:process>
</bpmn:definitions>`;
const camunda = engine();
const state = async (businessKey: string) =>
  (await camunda.historicProcessInstances({ businessKey, processDefinitionKey: key })).map((p) => p.state);
let before: string;

it('deploys the probe and starts one instance before the "file" begins', async () => {
  await camunda.deploy(key, [{ name: `${key}.bpmn`, content: diagram }]);
  before = await camunda.startByKey(key, `${key}-before`);
  // The engine stamped the start before it answered; on a loaded machine the answer can come much later.
  const startedAt = Date.now();
  expect(await state(`${key}-before`)).toEqual(['ACTIVE']);
  // The helper counts from a second before the file begins (the engine's own timestamps): begin after it.
  await until("the helper's second of slack to pass", async () => Date.now() - startedAt > 1_200, 5_000);
});

describe('a "file" that leaves an instance running', () => {
  // Its hooks are this block's: the block stands for a test file.
  removeInstancesAfterFile();
  it('starts an instance and does not end it', async () => {
    await camunda.startByKey(key, `${key}-left`);
    expect(await state(`${key}-left`)).toEqual(['ACTIVE']);
  });
});

it('after it, its instance is gone (history kept), and one started before it still runs', async () => {
  expect(await state(`${key}-left`)).toEqual(['EXTERNALLY_TERMINATED']);
  expect(await state(`${key}-before`)).toEqual(['ACTIVE']);
  await camunda.request('DELETE', `/process-instance/${before}`);
});
