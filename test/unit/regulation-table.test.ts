import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  regulationTable,
  tableProblems,
  TABLE_END,
  TABLE_PAGE,
  TABLE_START,
  withTable,
} from '../../src/check/regulation-table.js';
import { loadRegulation } from '../../src/config.js';
import type { Regulation } from '../../src/domain/regulation.js';
import { ROOT } from '../../src/paths.js';

const regulation = loadRegulation();
const page = readFileSync(join(ROOT, TABLE_PAGE), 'utf8');

/** The shipped regulation with its first step's tests replaced. */
const withTests = (tests: string[]): Regulation => ({
  ...regulation,
  steps: [{ ...regulation.steps[0], tests }, ...regulation.steps.slice(1)],
});

describe('the table of the regulation in docs/analysts.md', () => {
  it('is the one generated from bpmn/regulation.yaml (npm run regulation-table)', () => {
    expect(page).toContain(TABLE_START);
    expect(withTable(page, regulationTable(regulation))).toBe(page);
  });

  it('lists every step and outcome with its citation and element, and the workers by topic', () => {
    const table = regulationTable(regulation);
    for (const x of [...regulation.steps, ...regulation.outcomes]) {
      const row = table.split('\n').find((l) => l.startsWith(`| ${x.cite} |`) && l.includes(`\`${x.element}\``));
      expect({ element: x.element, row: row !== undefined }).toEqual({ element: x.element, row: true });
    }
    for (const s of regulation.steps.filter((s) => s.topic))
      expect(table).toContain(`\`${s.topic}\` → [workers/${s.topic}.ts](../workers/${s.topic}.ts)`);
  });

  it('differs once the regulation does: a changed citation is not on the page', () => {
    const changed = { ...regulation, steps: regulation.steps.map((s, i) => (i ? s : { ...s, cite: '§10 9)' })) };
    expect(withTable(page, regulationTable(changed))).not.toBe(page);
  });

  it('names, for every step and outcome, test files that exist and mention its element or topic', () => {
    expect(tableProblems(regulation, ROOT)).toEqual([]);
  });

  it('reports a step without tests, a test file that does not exist, and one that never mentions the step', () => {
    const root = mkdtempSync(join(tmpdir(), 'table-'));
    mkdirSync(join(root, 'test'));
    writeFileSync(join(root, 'test', 'other.test.ts'), 'nothing about the step here');
    const first = regulation.steps[0];
    const label = `${first.cite} (${first.element})`;
    expect(tableProblems(withTests([]), ROOT)).toEqual([`${label} names no test in bpmn/regulation.yaml`]);
    expect(tableProblems(withTests(['test/missing.test.ts']), ROOT)).toEqual([
      `${label}: the test file test/missing.test.ts does not exist`,
    ]);
    const unrelated = tableProblems(withTests(['test/other.test.ts']), root);
    expect(unrelated).toContain(`${label}: test/other.test.ts mentions none of ${first.element}, ${first.topic}`);
  });

  it('is written only between its markers', () => {
    const text = `before\n${TABLE_START}\nold\n${TABLE_END}\nafter\n`;
    expect(withTable(text, `${TABLE_START}\nnew\n${TABLE_END}`)).toBe(
      `before\n${TABLE_START}\nnew\n${TABLE_END}\nafter\n`,
    );
    expect(() => withTable('no markers', 'x')).toThrow(/docs\/analysts\.md has no/);
  });
});
