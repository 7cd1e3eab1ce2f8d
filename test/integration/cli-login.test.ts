import { afterAll, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../../src/paths.js';
import { engine } from '../support/harness.js';

/**
 * The operator's commands, run as a person runs them (a child process, no login in the environment),
 * against the run's real engine: they find the development login of their role in the folder of engine
 * passwords (ENGINE_PASSWORDS_DIR, else npm start's .data/credentials/engine-passwords), and a missing or
 * refused login is one line and a non-zero exit, never a bare 401 or a stack.
 */
const admin = engine();
const made: string[] = [];
afterAll(async () => {
  for (const id of made) await admin.request('DELETE', `/user/${id}`).catch(() => undefined);
});

/** This run's environment without any engine login: what a new shell after `npm start` has. */
function withoutLogin(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.CAMUNDA_USER;
  delete env.CAMUNDA_PASSWORD;
  delete env.CAMUNDA_PASSWORD_FILE;
  return { ...env, ...extra };
}

const run = (script: string, args: string[], env: NodeJS.ProcessEnv) =>
  spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src', 'cli', script), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 90_000,
    env,
  });

/** One line on stderr, no stack frame, no bare status. */
function oneLine(stderr: string): string {
  const lines = stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(stderr).not.toMatch(/^\s+at /m);
  expect(stderr).not.toMatch(/→ 401:\s*$/);
  return lines[0];
}

it('npm run sla-report with no login set reads the history as the development operator', () => {
  // The global setup's folder of engine passwords stands for the one npm start writes.
  const report = run('sla-report.ts', ['--since', new Date().toISOString(), '--json'], withoutLogin());
  expect(report.stderr).not.toContain('401');
  expect(report.status).toBe(0);
  expect(JSON.parse(report.stdout)).toMatchObject({ applications: 0, breaches: [] });
});

it.each([
  ['sla-report.ts', [], "an operator's engine login (OPS-01 in development)"],
  ['deploy.ts', [], "the engine administrator's engine login (admin in development)"],
  ['amend.ts', ['--dry-run'], "the engine administrator's engine login (admin in development)"],
])('%s with no login and no development logins says in one line which login it needs', (script, args, needs) => {
  const empty = mkdtempSync(join(tmpdir(), 'no-logins-'));
  const result = run(script, args, withoutLogin({ ENGINE_PASSWORDS_DIR: empty }));
  expect(result.status).toBe(2);
  const line = oneLine(result.stderr);
  expect(line).toContain(needs);
  expect(line).toContain('set CAMUNDA_USER and CAMUNDA_PASSWORD');
  expect(result.stdout).toBe('');
});

it('npm run check:bpmn asks the engine as the development analyst, or says which login it lacks and checks offline', () => {
  const withLogin = run('check-bpmn.ts', [], withoutLogin());
  expect(withLogin.stdout).toContain('matches the regulation and the workers');
  expect(withLogin.stdout).not.toContain('running instances not checked');
  const empty = mkdtempSync(join(tmpdir(), 'no-logins-'));
  const without = run('check-bpmn.ts', [], withoutLogin({ ENGINE_PASSWORDS_DIR: empty }));
  expect(without.stdout).toContain(
    "· npm run check:bpmn needs a process analyst's engine login (ANL-01 in development): set CAMUNDA_USER and CAMUNDA_PASSWORD",
  );
  expect(without.stdout).toContain('running instances not checked');
  expect(without.status).toBe(withLogin.status);
});

it('npm run sla-report with a wrong password says in one line that the engine refused whose login', async () => {
  const id = `cli-login-${randomBytes(4).toString('hex')}`;
  await admin.request('POST', '/user/create', {
    profile: { id, firstName: 'Login', lastName: 'Test', email: `${id}@example.invalid` },
    credentials: { password: 'the right password of this test' },
  });
  made.push(id);
  const result = run('sla-report.ts', [], withoutLogin({ CAMUNDA_USER: id, CAMUNDA_PASSWORD: 'not the password' }));
  expect(result.status).toBe(2);
  const line = oneLine(result.stderr);
  expect(line).toContain(`refused the login of ${id} (from CAMUNDA_USER)`);
  expect(line).toContain("an operator's engine login");
  expect(line).not.toContain('not the password');
});
