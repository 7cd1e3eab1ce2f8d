import { afterAll, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BPMN_DIR, deployModels } from '../../src/engine/deployment.js';
import { ROOT } from '../../src/paths.js';
import { engine } from '../support/harness.js';

/**
 * `npm run deploy` as a process analyst runs it (their own engine login): the full check first, a
 * refusal of what does not conform unless forced with a reason, the changes against the running
 * version, and no new version for an unchanged diagram.
 */
// The administrator deploys, after review: analysts check diagrams but cannot deploy (src/domain/roles.ts).
const analystEnv = () => ({
  ...process.env,
  CAMUNDA_USER: process.env.CAMUNDA_ADMIN_USER,
  CAMUNDA_PASSWORD: process.env.CAMUNDA_ADMIN_PASSWORD,
});
const deploy = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src', 'cli', 'deploy.ts'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 90_000,
    env: analystEnv(),
  });
const versions = async () => (await engine().processDefinitions('housing-assistance')).length;

/** A copy of bpmn/ whose registration timer an analyst changed to 40 minutes in Modeler. */
function changedCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'deploy-'));
  copyFileSync(join(BPMN_DIR, 'commission-decision.form'), join(dir, 'commission-decision.form'));
  copyFileSync(join(BPMN_DIR, '.bpmnlintrc'), join(dir, '.bpmnlintrc'));
  const xml = readFileSync(join(BPMN_DIR, 'housing-assistance.bpmn'), 'utf8');
  writeFileSync(
    join(dir, 'housing-assistance.bpmn'),
    xml.replace(
      /(Timer_RegistrationDeadlineDefinition"><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">)PT20M/,
      '$1PT40M',
    ),
  );
  return dir;
}

afterAll(async () => {
  // Whatever happened above, the shipped diagram is the running version for the tests after this one.
  await deployModels(engine());
});

it('deploys nothing new for the diagram the engine already runs', async () => {
  const before = await versions();
  const run = deploy();
  expect(run.status).toBe(0);
  expect(run.stdout).toContain('no change to the elements, flows or timers of housing-assistance version');
  expect(run.stdout).toContain('nothing changed');
  expect(await versions()).toBe(before);
});

it('refuses a diagram with findings, naming them, and deploys it only when forced with a reason, which the deployment records', async () => {
  const dir = changedCopy();
  const before = await versions();
  const refused = deploy(dir);
  expect(refused.status).toBe(1);
  expect(refused.stdout).toContain(
    "Timer_RegistrationDeadline (§6 step 1 / §9 1) / §10 2)) [step-deadlines]: timer PT40M differs from the regulation's PT20M",
  );
  expect(refused.stdout).toContain('refused: 1 finding(s)');
  expect(await versions()).toBe(before);

  expect(deploy(dir, '--force', '  ').status).toBe(2);
  const forced = deploy(dir, '--force', 'the department asked for 40 minutes while the regulation is amended');
  expect(forced.status).toBe(0);
  expect(forced.stdout).toContain('forced: the department asked for 40 minutes');
  expect(forced.stdout).toMatch(/changes against housing-assistance version \d+:/);
  expect(forced.stdout).toContain('~ Timer_RegistrationDeadline: timer PT20M → PT40M');
  expect(await versions()).toBe(before + 1);
  const [latest] = await engine().request<Array<{ source: string }>>(
    'GET',
    '/deployment?sortBy=deploymentTime&sortOrder=desc&maxResults=1',
  );
  expect(latest.source).toBe(
    'housing-assistance deploy --force: the department asked for 40 minutes while the regulation is amended',
  );
});

it('makes the conforming diagram the running version again after a forced one', async () => {
  const before = await versions();
  const run = deploy();
  expect(run.status).toBe(0);
  expect(run.stdout).toContain('~ Timer_RegistrationDeadline: timer PT40M → PT20M');
  expect(await versions()).toBe(before + 1);
  const [running] = await engine().processDefinitions('housing-assistance');
  expect(await engine().processDefinitionXml(running.id)).toBe(
    readFileSync(join(BPMN_DIR, 'housing-assistance.bpmn'), 'utf8'),
  );
});
