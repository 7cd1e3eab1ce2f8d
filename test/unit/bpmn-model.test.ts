import { beforeAll, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { BPMN_DIR } from '../../src/engine/deployment.js';
import { readModel, type Model } from '../../src/check/model-file.js';
import { loadRegulation } from '../../src/config.js';
import { WORKERS } from '../../workers/all.js';

let model: Model;
beforeAll(async () => {
  model = await readModel(join(BPMN_DIR, 'housing-assistance.bpmn'));
});

const serviceTasks = () => [...model.elements.values()].filter((e) => e.type === 'bpmn:ServiceTask');
const regulation = loadRegulation();

describe('bpmn/housing-assistance.bpmn', () => {
  it('parses cleanly, is executable under the key housing-assistance, and everything in it is drawn', () => {
    expect(model.warnings).toEqual([]);
    expect(model.processId).toBe(regulation.process);
    expect(model.executable).toBe(true);
    const undrawn = [...model.elements.keys(), ...model.flows.map((f) => f.id)].filter((id) => !model.drawn.has(id));
    expect(undrawn).toEqual([]);
  });

  it('every service task is external with a topic, and every topic has exactly one worker', () => {
    const topics = new Set(serviceTasks().map((t) => t.topic));
    for (const task of serviceTasks()) {
      expect({ id: task.id, external: task.external, topic: !!task.topic }).toEqual({
        id: task.id,
        external: true,
        topic: true,
      });
    }
    const workerTopics = WORKERS.map((w) => w.topic);
    expect(new Set(workerTopics).size).toBe(workerTopics.length);
    expect([...topics].sort()).toEqual([...workerTopics].sort());
  });

  it('each refusal and each outcome ends in its own end event', () => {
    const ends = [...model.elements.values()]
      .filter((e) => e.type === 'bpmn:EndEvent' && !e.parent && !e.id.startsWith('EndEvent_Breach'))
      .map((e) => e.id);
    expect(ends.sort()).toEqual(regulation.outcomes.map((o) => o.element).sort());
  });
});
