import { beforeAll, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { BPMN_DIR } from '../../src/cli/deploy.js';
import { readModel, type Model } from '../../src/cli/model.js';
import { durationMs } from '../../src/domain/duration.js';
import { LANE_OF_ACTOR } from '../../src/check/rules/regulation-steps.js';
import { BREACH_TOPIC, STEPS, TOTAL_TERM } from '../../src/domain/regulation.js';
import { WORKERS } from '../../workers/all.js';

let model: Model;
beforeAll(async () => {
  model = await readModel(join(BPMN_DIR, 'housing-assistance.bpmn'));
});

const serviceTasks = () => [...model.elements.values()].filter((e) => e.type === 'bpmn:ServiceTask');
const LANE = LANE_OF_ACTOR;

describe('bpmn/housing-assistance.bpmn', () => {
  it('parses cleanly, is executable under the key housing-assistance, and everything in it is drawn', () => {
    expect(model.warnings).toEqual([]);
    expect(model.processId).toBe('housing-assistance');
    expect(model.executable).toBe(true);
    const undrawn = [...model.elements.keys(), ...model.flows.map((f) => f.id)].filter((id) => !model.drawn.has(id));
    expect(undrawn).toEqual([]);
  });

  it('every service task is external with a topic, and every topic has exactly one worker', () => {
    const topics = new Set(serviceTasks().map((t) => t.topic));
    for (const task of serviceTasks()) {
      expect({ id: task.id, external: task.external, topic: !!task.topic }).toEqual({ id: task.id, external: true, topic: true });
    }
    const workerTopics = WORKERS.map((w) => w.topic);
    expect(new Set(workerTopics).size).toBe(workerTopics.length);
    expect([...topics].sort()).toEqual([...workerTopics].sort());
  });

  it('every step of the regulation has its element, with its topic, in its actor’s lane', () => {
    for (const step of STEPS) {
      const element = model.elements.get(step.elementId);
      expect({ step: step.step, topic: element?.topic, lane: element?.lane }).toEqual({ step: step.step, topic: step.topic, lane: LANE[step.actor] });
    }
    expect(model.lanes.map((l) => l.id).sort()).toEqual(Object.values(LANE).sort());
  });

  it('every step time limit is a non-interrupting timer of that duration leading to a breach record of that step', () => {
    for (const step of STEPS.filter((s) => s.limit)) {
      const timers = [...model.elements.values()].filter((e) => e.attachedTo === step.elementId && e.timerDuration);
      expect(timers).toHaveLength(1);
      const [timer] = timers;
      expect(timer.cancelActivity).toBe(false);
      expect(durationMs(timer.timerDuration!)).toBe(durationMs(step.limit!));
      const flow = model.flows.find((f) => f.source === timer.id)!;
      const recorder = model.elements.get(flow.target)!;
      expect({ topic: recorder.topic, inputs: recorder.inputs }).toEqual({ topic: BREACH_TOPIC, inputs: { breachedElement: step.elementId, limit: step.limit } });
    }
  });

  it('the 10-day term is a non-interrupting timer over the whole process that records its breach', () => {
    const start = [...model.elements.values()].find((e) => e.type === 'bpmn:StartEvent' && e.parent && e.timerDuration)!;
    expect(model.elements.get(start.parent!)?.triggeredByEvent).toBe(true);
    expect(start.isInterrupting).toBe(false);
    expect(durationMs(start.timerDuration!)).toBe(durationMs(TOTAL_TERM.limit));
    const recorder = model.elements.get(model.flows.find((f) => f.source === start.id)!.target)!;
    expect(recorder.topic).toBe(BREACH_TOPIC);
    expect(recorder.inputs.limit).toBe(TOTAL_TERM.limit);
  });

  it('each refusal and each outcome ends in its own end event', () => {
    const ends = [...model.elements.values()].filter((e) => e.type === 'bpmn:EndEvent' && !e.id.startsWith('EndEvent_Breach')).map((e) => e.id);
    expect(ends.sort()).toEqual([
      'EndEvent_AssistanceAssigned',
      'EndEvent_AssistanceRefused',
      'EndEvent_AuthorizationRefused',
      'EndEvent_DocumentsRefused',
      'EndEvent_EdsRefused',
      'EndEvent_RefusalReceipt',
    ]);
  });
});
