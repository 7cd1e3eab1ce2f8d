import { describe, expect, it } from '@jest/globals';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { checkDiagrams } from '../../src/check/check.js';
import { bpmnlintRules } from '../../src/check/bpmnlint.js';
import { readModel } from '../../src/check/model-file.js';
import { citedElements } from '../../src/check/rules/cited-elements.js';
import { RULES } from '../../src/check/rules/index.js';
import { loadRegulation } from '../../src/config.js';
import { elementCitations } from '../../src/domain/regulation.js';
import { BPMN_DIR } from '../../src/engine/deployment.js';
import { ROOT } from '../../src/paths.js';

const FIXTURES = join(ROOT, 'test', 'rules', citedElements.id);
const regulation = loadRegulation();
const context = { regulation, workerTopics: [] };
const fixtures = (prefix: string) => readdirSync(FIXTURES).filter((f) => f.startsWith(prefix) && f.endsWith('.bpmn'));

async function findings(file: string) {
  return citedElements.check(await readModel(file), context);
}

describe('rule cited-elements: an element the regulation names starts its documentation with its citation', () => {
  it('is in the one registry, so check:bpmn and the bpmnlint plugin run it', () => {
    expect(RULES).toContain(citedElements);
    expect(Object.keys(bpmnlintRules(context))).toContain(citedElements.id);
  });

  it('has valid and invalid fixtures', () => {
    expect(fixtures('valid').length).toBeGreaterThan(0);
    expect(fixtures('invalid').length).toBeGreaterThan(0);
  });

  it.each(fixtures('valid'))('passes %s', async (file) => {
    expect(await findings(join(FIXTURES, file))).toEqual([]);
  });

  it.each(fixtures('invalid'))('reports %s, naming the citation the documentation must start with', async (file) => {
    const found = await findings(join(FIXTURES, file));
    expect(found.length).toBeGreaterThan(0);
    for (const f of found) {
      expect(f.clause).toBe(elementCitations(regulation).get(f.element));
      expect(f.fix).toContain(`"${f.clause}"`);
    }
  });

  it('passes the shipped diagram, where every element the regulation names is documented with its citation', async () => {
    const file = join(BPMN_DIR, 'housing-assistance.bpmn');
    const model = await readModel(file);
    for (const [id, citation] of elementCitations(regulation))
      expect(model.elements.get(id)?.documentation).toBe(citation);
    const { reports } = await checkDiagrams([file], context, { bpmnlint: false });
    expect(reports[0].findings.filter((f) => f.rule === citedElements.id)).toEqual([]);
  });

  it('does not take a longer number for the citation ("§110" is not "§11")', async () => {
    const model = await readModel(join(FIXTURES, 'valid.bpmn'));
    const task = model.elements.get('Task_Registration')!;
    const citation = elementCitations(regulation).get('Task_Registration')!;
    model.elements.set(task.id, { ...task, documentation: `${citation}0` });
    expect(citedElements.check(model, context).map((f) => f.element)).toEqual(['Task_Registration']);
  });
});
