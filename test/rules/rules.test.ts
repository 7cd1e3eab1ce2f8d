import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { BpmnModdle } from 'bpmn-moddle';
import { bpmnlintRules } from '../../src/check/bpmnlint.js';
import { checkDiagrams } from '../../src/check/check.js';
import { RULES } from '../../src/check/rules/index.js';
import { fixtureContext, RULES_DIR } from './context.js';

/**
 * Every rule of the registry on diagrams of its own, as bpmnlint tests its rules: test/rules/<rule>/
 * holds valid*.bpmn (no finding of that rule) and invalid*.bpmn (at least one; `<!-- report: Id -->`
 * in the file names an element that must be among them). Each file goes through the check (`npm run
 * check:bpmn`'s in-process path) and through the rule as bpmnlint runs it, read as bpmnlint's command
 * line reads a diagram (no Camunda moddle extension) and as Modeler does (with it). bpmnlint's own
 * Linter cannot load under jest (it requires an ES module); bpmnlint-cli.test.ts runs it for real.
 */
const camunda = createRequire(import.meta.url)('camunda-bpmn-moddle/resources/camunda.json') as Record<string, unknown>;

const folders = readdirSync(RULES_DIR).filter((f) => statSync(join(RULES_DIR, f)).isDirectory());
const fixtures = (folder: string, kind: 'valid' | 'invalid') =>
  readdirSync(join(RULES_DIR, folder)).filter((f) => f.startsWith(kind) && f.endsWith('.bpmn'));

interface Reported {
  element: string;
  message: string;
}

async function viaCheck(rule: string, file: string): Promise<Reported[]> {
  const { reports } = await checkDiagrams([file], fixtureContext(file), { bpmnlint: false });
  return reports[0].findings.filter((f) => f.rule === rule);
}

async function viaBpmnlint(rule: string, file: string, extensions?: Record<string, unknown>): Promise<Reported[]> {
  const { rootElement } = await BpmnModdle(extensions).fromXML(readFileSync(file, 'utf8'), 'bpmn:Definitions');
  const reported: Reported[] = [];
  bpmnlintRules(fixtureContext(file))
    [rule]()
    .check(rootElement as { $type: string }, { report: (element, message) => reported.push({ element, message }) });
  return reported;
}

const ways: Array<[string, (rule: string, file: string) => Promise<Reported[]>]> = [
  ['the check', viaCheck],
  ['bpmnlint CLI', (rule, file) => viaBpmnlint(rule, file)],
  ['Modeler', (rule, file) => viaBpmnlint(rule, file, { camunda })],
];

describe('the rule registry', () => {
  it('has a fixture folder with valid and invalid diagrams for every rule', () => {
    for (const { id } of RULES)
      expect({
        rule: id,
        valid: fixtures(id, 'valid').length > 0,
        invalid: fixtures(id, 'invalid').length > 0,
      }).toEqual({ rule: id, valid: true, invalid: true });
  });

  it('has a rule for every fixture folder', () => {
    const ids = RULES.map((r) => r.id);
    expect(folders.filter((f) => !ids.includes(f))).toEqual([]);
  });
});

for (const rule of folders.filter((f) => RULES.some((r) => r.id === f))) {
  describe(`rule ${rule}`, () => {
    for (const name of fixtures(rule, 'valid')) {
      const file = join(RULES_DIR, rule, name);
      it.each(ways)(`passes ${name} (%s)`, async (_, run) => {
        expect(await run(rule, file)).toEqual([]);
      });
    }
    for (const name of fixtures(rule, 'invalid')) {
      const file = join(RULES_DIR, rule, name);
      const expected = [...readFileSync(file, 'utf8').matchAll(/<!-- report: ([\w-]+) -->/g)].map((m) => m[1]);
      it.each(ways)(`reports ${name}${expected.length ? ` on ${expected.join(', ')}` : ''} (%s)`, async (_, run) => {
        const reported = await run(rule, file);
        expect(reported.length).toBeGreaterThan(0);
        expect(reported.map((r) => r.element)).toEqual(expect.arrayContaining(expected));
      });
    }
  });
}
