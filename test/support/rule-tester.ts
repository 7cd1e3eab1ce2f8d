import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { BpmnModdle } from 'bpmn-moddle';
import { bpmnlintRules } from '../../src/check/bpmnlint.js';
import { repositoryContext } from '../../src/check/bpmnlint-node.js';
import { ROOT } from '../../src/paths.js';

const camunda = createRequire(import.meta.url)('camunda-bpmn-moddle/resources/camunda.json') as Record<string, unknown>;

export const SHIPPED_XML = readFileSync(join(ROOT, 'bpmn', 'housing-assistance.bpmn'), 'utf8');
const rules = bpmnlintRules(repositoryContext());

interface Case {
  name: string;
  /** The shipped diagram changed this way (none: the shipped diagram itself). */
  edit?: (xml: string) => string;
}

/**
 * bpmnlint's RuleTester idea for our whole-diagram rules: valid and invalid diagrams per rule, each
 * given to the rule's bpmnlint `check(node, reporter)` as bpmnlint's command line reads diagrams (no
 * Camunda moddle extension) and as Modeler does (with it). bpmnlint's own Linter cannot load under jest
 * (it requires an ES module); bpmnlint-cli.test.ts runs it for real.
 */
export function verifyRule(
  rule: string,
  cases: { valid: Case[]; invalid: Array<Case & { report: { id: string; message: RegExp } }> },
): void {
  const name = `housing-assistance/${rule}`;
  const lint = async (xml: string, extensions?: Record<string, unknown>) => {
    const { rootElement } = await BpmnModdle(extensions).fromXML(xml, 'bpmn:Definitions');
    const reports: Array<{ id: string; message: string }> = [];
    rules[rule]().check(rootElement as { $type: string }, { report: (id, message) => reports.push({ id, message }) });
    return reports;
  };
  /** The case's diagram; an edit that finds nothing to change would test the shipped diagram under another name. */
  const diagram = (c: Case) => {
    if (!c.edit) return SHIPPED_XML;
    const edited = c.edit(SHIPPED_XML);
    expect(edited).not.toBe(SHIPPED_XML);
    return edited;
  };
  describe(`bpmnlint rule ${name}`, () => {
    it('exists in the plugin', () => expect(typeof rules[rule]).toBe('function'));
    for (const moddle of [
      { as: 'bpmnlint CLI', extensions: undefined },
      { as: 'Modeler', extensions: { camunda } },
    ]) {
      for (const c of cases.valid) {
        it(`passes ${c.name} (${moddle.as})`, async () => {
          expect(await lint(diagram(c), moddle.extensions)).toEqual([]);
        });
      }
      for (const c of cases.invalid) {
        it(`reports ${c.name} on ${c.report.id} (${moddle.as})`, async () => {
          const reports = await lint(diagram(c), moddle.extensions);
          expect(reports).toContainEqual(
            expect.objectContaining({ id: c.report.id, message: expect.stringMatching(c.report.message) }),
          );
        });
      }
    }
  });
}
