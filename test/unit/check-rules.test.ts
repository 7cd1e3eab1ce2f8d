import { beforeAll, describe, expect, it } from '@jest/globals';
import { workersContext } from '../../src/check/templates.js';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkDiagrams } from '../../src/check/check.js';
import { loadRegulation, REGULATION_FILE } from '../../src/config.js';
import { BPMN_DIR } from '../../src/engine/deployment.js';
import { ROOT } from '../../src/paths.js';
import { WORKERS } from '../../workers/all.js';
import { RULES_DIR } from '../rules/context.js';

const SHIPPED = join(BPMN_DIR, 'housing-assistance.bpmn');
const context = workersContext(WORKERS, loadRegulation());
const inProcess = { bpmnlint: false };
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'check-'));
});

describe('the diagram checks', () => {
  it('pass on the shipped diagram, and every worker topic is used', async () => {
    const { reports, unusedWorkers } = await checkDiagrams([SHIPPED], context, inProcess);
    expect(reports[0].findings).toEqual([]);
    expect(reports[0].warnings).toEqual([]);
    expect(unusedWorkers).toEqual([]);
  });

  it('follow the regulation file: a limit changed there is a finding on the unchanged timer, its duration and its name, with the clause', async () => {
    const file = join(dir, 'regulation.yaml');
    writeFileSync(
      file,
      readFileSync(REGULATION_FILE, 'utf8').replace(
        'element: SubProcess_CommissionTransfer, limit: P2D',
        'element: SubProcess_CommissionTransfer, limit: PT72H',
      ),
    );
    const { reports } = await checkDiagrams([SHIPPED], { ...context, regulation: loadRegulation(file) }, inProcess);
    expect(reports[0].findings).toEqual([
      expect.objectContaining({
        rule: 'step-deadlines',
        element: 'Timer_CommissionTransferDeadline',
        clause: '§6 step 3 / §9 3) / §10 4)',
        message: "timer P2D differs from the regulation's PT72H (calendar time)",
      }),
      expect.objectContaining({
        rule: 'step-deadlines',
        element: 'Timer_CommissionTransferDeadline',
        message: 'the timer is named "2 days passed", but the regulation\'s limit PT72H is "72 hours passed"',
      }),
    ]);
  });

  it('reject a regulation file that is not valid, naming the field', () => {
    const file = join(dir, 'bad-regulation.yaml');
    writeFileSync(file, readFileSync(REGULATION_FILE, 'utf8').replace('limit: P6D', 'limit: six days'));
    expect(() => loadRegulation(file)).toThrow(/steps\.\d+\.limit: an ISO 8601 duration/);
  });

  it('npm run check:bpmn exits 1 on a broken diagram with the element, clause and fix, and 0 on the shipped diagram', () => {
    const run = (...args: string[]) =>
      spawnSync(
        process.execPath,
        ['--import', 'tsx', join(ROOT, 'src', 'cli', 'check-bpmn.ts'), '--offline', ...args],
        {
          cwd: ROOT,
          encoding: 'utf8',
          timeout: 60_000,
        },
      );
    const bad = run(
      '--regulation',
      join(RULES_DIR, 'regulation.yaml'),
      join(RULES_DIR, 'step-deadlines', 'invalid-duration.bpmn'),
    );
    expect(bad.status).toBe(1);
    expect(bad.stdout).toContain(
      "Timer_RegistrationDeadline (§6 step 1 / §9 1) / §10 2)) [step-deadlines]: timer PT25M differs from the regulation's PT20M",
    );
    expect(bad.stdout).toContain('fix: set the duration of Timer_RegistrationDeadline to PT20M');
    const good = run(SHIPPED);
    expect(good.status).toBe(0);
    expect(good.stdout).not.toContain('(warning)');
    // bpmnlint's recommended rules and Camunda 7.24 compatibility run too.
    const unlabelled = run(join(RULES_DIR, 'named-elements', 'invalid-task.bpmn'));
    expect(unlabelled.status).toBe(1);
    expect(unlabelled.stdout).toContain('Task_Register [bpmnlint/label-required]');
  });
});
