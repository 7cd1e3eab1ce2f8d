import { beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { changeReport, isUnchanged, modelChanges } from '../../src/check/changes.js';
import { BPMN_DIR } from '../../src/engine/deployment.js';
import { parseModel, type Model } from '../../src/check/model-file.js';

let xml: string;
let shipped: Model;
beforeAll(async () => {
  xml = readFileSync(join(BPMN_DIR, 'housing-assistance.bpmn'), 'utf8');
  shipped = await parseModel(xml, 'shipped');
});

describe('what a diagram changes against the running version', () => {
  it('is nothing for the same diagram', () => {
    const same = modelChanges(shipped, shipped);
    expect(isUnchanged(same)).toBe(true);
    expect(changeReport(same, 'housing-assistance version 3')).toEqual([
      'no change to the elements, flows or timers of housing-assistance version 3',
    ]);
  });

  it('names a changed timer, a changed topic, a removed element and its flows', async () => {
    const changed = await parseModel(
      xml
        .replace(
          /(Timer_NotificationDeadlineDefinition"><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">)P1D/,
          '$1PT12H',
        )
        .replace('camunda:topic="commission-decision-check"', 'camunda:topic="decision-check"')
        .replace('camunda:candidateGroups="commission-${district}"', 'camunda:candidateGroups="commission"'),
      'changed',
    );
    const c = modelChanges(shipped, changed);
    expect(c.timers).toEqual([{ element: 'Timer_NotificationDeadline', from: 'P1D', to: 'PT12H' }]);
    expect(c.changed).toEqual(
      expect.arrayContaining([
        { element: 'Task_CommissionDecisionCheck', what: 'topic: commission-decision-check → decision-check' },
        { element: 'UserTask_CommissionDecision', what: 'candidateGroups: commission-${district} → commission' },
      ]),
    );
    expect(c.topicsAdded).toEqual(['decision-check']);
    expect(c.topicsRemoved).toEqual(['commission-decision-check']);
    const report = changeReport(c, 'v3');
    expect(report).toContain('  ~ Timer_NotificationDeadline: timer P1D → PT12H');
    expect(report).toContain(
      '  - topic commission-decision-check (running instances of older versions may still need its worker)',
    );

    const fewer = await parseModel(xml.replace(/<bpmn:sequenceFlow id="Flow_TermBreachRecorded"[^>]*\/>/, ''), 'fewer');
    expect(modelChanges(shipped, fewer).removed).toEqual(['Flow_TermBreachRecorded']);
    expect(modelChanges(fewer, shipped).added).toEqual(['Flow_TermBreachRecorded']);
  });
});
