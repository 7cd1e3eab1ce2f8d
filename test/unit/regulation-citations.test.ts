import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadRegulation, REGULATION_FILE } from '../../src/config.js';
import { citationIn, elementCitations, stepsOf } from '../../src/domain/regulation.js';

const regulation = loadRegulation();
const shipped = readFileSync(REGULATION_FILE, 'utf8');

function withChange(from: string, to: string) {
  expect(shipped).toContain(from);
  const file = join(mkdtempSync(join(tmpdir(), 'regulation-')), 'regulation.yaml');
  writeFileSync(file, shipped.replace(from, to));
  return () => loadRegulation(file);
}

describe('citations as the Kazakh text numbers the clauses', () => {
  it('cite each provider step by §6, §9 and §10, whose numbers differ by the State Corporation’s intake', () => {
    const provider = stepsOf(regulation).filter((s) => s.citation.startsWith('§6 step'));
    expect(new Set(provider.map((s) => s.step.split(' ')[0]))).toEqual(new Set(['1', '2', '3', '4', '5', '6']));
    for (const s of provider) {
      const [, six, nine, ten] = /^§6 step (\d) \/ §9 (\d)\) \/ §10 (\d)\)$/.exec(s.citation)!;
      expect([nine, Number(ten)]).toEqual([six, Number(six) + 1]);
    }
    expect(stepsOf(regulation).find((s) => s.step === 'A1')?.citation).toBe('§10 1)');
  });

  it('reject a citation that gives §6’s number to §10, naming the step', () => {
    const load = withChange('cite: "§6 step 2 / §9 2) / §10 3)"', 'cite: "§6 step 2 / §9 2) / §10 2)"');
    expect(load).toThrow(/steps\.\d+\.cite: .*§10 3\)/);
  });

  it('reject a step without its citation, or with the old `clause`', () => {
    expect(withChange('cite: "§10 1)"', 'clause: "§10"')).toThrow(/steps\.0/);
  });

  it('give every element the regulation names one citation, joining the steps one element does', () => {
    const cites = elementCitations(regulation);
    const named = new Set([...regulation.steps, ...regulation.outcomes].map((x) => x.element));
    expect(new Set(cites.keys())).toEqual(named);
    const portal = regulation.steps.filter((s) => s.element === 'StartEvent_Portal').map((s) => s.cite);
    expect(portal.length).toBe(2);
    expect(cites.get('StartEvent_Portal')).toBe(portal.join('; '));
  });

  it('read in Kazakh and Russian with the text’s own words for a step, a process and a condition', () => {
    expect(citationIn('kk', '§6 step 5 / §9 5) / §10 6)')).toBe('§6 5 іс-әрекет / §9 5) / §10 6)');
    expect(citationIn('ru', '§6 step 5 / §9 5) / §10 6)')).toBe('§6 действие 5 / §9 5) / §10 6)');
    expect(citationIn('kk', '§12 6) condition 2')).toBe('§12 6) 2 шарт');
    expect(citationIn('ru', '§12 11) process 7, §14')).toBe('§12 11) процесс 7, §14');
  });

  it('leave no English word in any citation of the regulation read in Kazakh or Russian', () => {
    for (const { cite } of [...regulation.steps, ...regulation.outcomes])
      for (const language of ['kk', 'ru'] as const) expect(citationIn(language, cite)).not.toMatch(/[a-z]/);
  });
});
