import { expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { engineLogin } from '../../src/cli/lib/engine-login.js';
import { ConfigError } from '../../src/config.js';
import type { People } from '../../src/domain/roles.js';
import { DEV_CREDENTIALS_DIR } from '../../src/paths.js';

const people = (operators = ['OPS-01'], analysts = ['ANL-01']) =>
  ({ districts: {}, operators, analysts }) as unknown as People;

/** A folder of engine passwords as npm start writes it: one file per user, its password inside. */
function passwordsDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'engine-passwords-'));
  for (const [user, password] of Object.entries(files)) writeFileSync(join(dir, user), password);
  return dir;
}

it('takes CAMUNDA_USER and CAMUNDA_PASSWORD when they are set, whatever the role', () => {
  const dir = passwordsDir({ 'OPS-01': 'the development one' });
  expect(
    engineLogin(
      { CAMUNDA_USER: 'someone', CAMUNDA_PASSWORD: 'given', ENGINE_PASSWORDS_DIR: dir, people: people() },
      'operator',
      'npm run sla-report',
    ),
  ).toEqual({ user: 'someone', password: 'given', from: 'CAMUNDA_USER' });
});

it('refuses half a login rather than acting as the development login of the role', () => {
  const dir = passwordsDir({ admin: 'admin password' });
  expect(() =>
    engineLogin(
      { CAMUNDA_PASSWORD: "an analyst's password", ENGINE_PASSWORDS_DIR: dir, people: people() },
      'administrator',
      'npm run amend',
    ),
  ).toThrow(/^npm run amend: CAMUNDA_PASSWORD is set without CAMUNDA_USER; set both/);
});

it("else takes the development login of the command's role from the folder of engine passwords", () => {
  const dir = passwordsDir({ 'OPS-01': 'operator password\n', 'ANL-01': 'analyst password', admin: 'admin password' });
  const login = (role: 'operator' | 'analyst' | 'administrator') =>
    engineLogin({ ENGINE_PASSWORDS_DIR: dir, people: people() }, role, 'a command');
  expect(login('operator')).toEqual({ user: 'OPS-01', password: 'operator password', from: join(dir, 'OPS-01') });
  expect(login('analyst')).toMatchObject({ user: 'ANL-01', password: 'analyst password' });
  expect(login('administrator')).toMatchObject({ user: 'admin', password: 'admin password' });
});

it('with neither, says in one line which login the command needs, what to set, and where it looked', () => {
  const dir = passwordsDir({ 'OPS-01': 'operator password' });
  const refusal = (() => {
    try {
      engineLogin({ ENGINE_PASSWORDS_DIR: dir, people: people() }, 'analyst', 'npm run check:bpmn');
    } catch (e) {
      return e;
    }
  })();
  expect(refusal).toBeInstanceOf(ConfigError);
  const message = (refusal as Error).message;
  expect(message).not.toContain('\n');
  expect(message).toContain("npm run check:bpmn needs a process analyst's engine login (ANL-01 in development)");
  expect(message).toContain('set CAMUNDA_USER and CAMUNDA_PASSWORD');
  expect(message).toContain(`none in ${dir}`);
});

it("looks in npm start's folder when ENGINE_PASSWORDS_DIR is not set", () => {
  expect(() => engineLogin({ people: people(['NO-SUCH-OPERATOR']) }, 'operator', 'npm run sla-report')).toThrow(
    `none in ${join(DEV_CREDENTIALS_DIR, 'engine-passwords')}`,
  );
});
