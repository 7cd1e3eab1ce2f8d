import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../../src/paths.js';
import { SHIPPED_XML } from '../support/rule-tester.js';

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

  it('fails a diagram with a 25-minute registration limit, naming the element, the clause and the rule', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'lint-')), 'late.bpmn');
    writeFileSync(
      file,
      SHIPPED_XML.replace(
        /(Timer_RegistrationDeadlineDefinition"><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">)PT20M/,
        '$1PT25M',
      ),
    );
    const result = bpmnlint(file);
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(
      /Timer_RegistrationDeadline\s+error\s+§6 step 1 \/ §9 1\) \/ §10 2\): timer PT25M differs from the regulation's PT20M .*housing-assistance\/step-deadlines/,
    );
    expect(result.stdout).toContain('1 problem (1 error, 0 warnings)');
  });
});
