import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../src/paths.js';
import { RULES_DIR } from '../rules/context.js';

/** Plain `npx bpmnlint` with the project's bpmn/.bpmnlintrc, as an analyst runs it: our plugin included. */
const bpmnlint = (file: string) =>
  spawnSync(join(ROOT, 'node_modules', '.bin', 'bpmnlint'), [file], {
    cwd: join(ROOT, 'bpmn'),
    encoding: 'utf8',
    timeout: 60_000,
  });

describe('npx bpmnlint with bpmn/.bpmnlintrc', () => {
  it('passes the shipped diagram, from bpmn/ and from the repository (whose .bpmnlintrc is the same)', () => {
    const result = bpmnlint('housing-assistance.bpmn');
    expect({ status: result.status, out: result.stdout.trim(), err: result.stderr.trim() }).toEqual({
      status: 0,
      out: '',
      err: '',
    });
    expect(readFileSync(join(ROOT, '.bpmnlintrc'), 'utf8')).toBe(
      readFileSync(join(ROOT, 'bpmn', '.bpmnlintrc'), 'utf8'),
    );
    const fromRoot = spawnSync(join(ROOT, 'node_modules', '.bin', 'bpmnlint'), ['bpmn/housing-assistance.bpmn'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(fromRoot.status).toBe(0);
  });

  it('fails a diagram that breaks a rule of ours, naming the element and the rule', () => {
    const result = bpmnlint(join(RULES_DIR, 'named-elements', 'invalid-blank-name.bpmn'));
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/Task_Register\s+error\s+Task without a name .*housing-assistance\/named-elements/);
  });
});
