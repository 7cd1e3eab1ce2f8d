import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, engineCredentials, loadConfig } from '../../src/config.js';
import { ROOT } from '../../src/paths.js';

describe('configuration, read and validated once', () => {
  it('has working defaults: the rules file and the people file', () => {
    const config = loadConfig({});
    expect(config.CAMUNDA_URL).toBe('http://127.0.0.1:8080/engine-rest');
    expect(config.rules.editions[0].maxIncomeShare).toBe(0.1);
    expect(config.people.districts.bostandyk.commission.length).toBeGreaterThan(0);
  });

  it('names every bad setting', () => {
    try {
      loadConfig({ CAMUNDA_URL: 'not a url', WORKER_MAX_TASKS: '-3', LOG_LEVEL: 'loud' });
      throw new Error('accepted a bad configuration');
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      const message = (e as Error).message;
      for (const name of ['CAMUNDA_URL', 'WORKER_MAX_TASKS', 'LOG_LEVEL']) expect(message).toContain(name);
    }
  });

  it('rejects a rules file with a share out of range or an unknown figure', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rules-'));
    const file = join(dir, 'rules.yaml');
    writeFileSync(
      file,
      'maxIncomeShare: 1.5\nincomePeriodMonths: 3\nnormAreaPerPerson: 18\nnormAreaSingle: 30\nmeteredNormsPerPerson: { water: 5, electricity: 70, gas: 10 }\nbonus: 1\n',
    );
    expect(() => loadConfig({ RULES_FILE: file })).toThrow(/maxIncomeShare[\s\S]*bonus|bonus[\s\S]*maxIncomeShare/);
  });

  it('rejects a people file with a name instead of a staff code, or one person in two roles', () => {
    const dir = mkdtempSync(join(tmpdir(), 'people-'));
    const people = readFileSync(join(ROOT, 'config', 'people.yaml'), 'utf8');
    const named = join(dir, 'named.yaml');
    writeFileSync(named, people.replace('head: BOS-H01', 'head: Айгерим Сапарова'));
    expect(() => loadConfig({ PEOPLE_FILE: named })).toThrow(/districts\.bostandyk\.head: a staff code/);
    const twice = join(dir, 'twice.yaml');
    writeFileSync(twice, people.replace('commission: [BOS-C01,', 'commission: [BOS-S01,'));
    expect(() => loadConfig({ PEOPLE_FILE: twice })).toThrow(/BOS-S01 appear more than once/);
  });

  it('reads the engine password from a file, and refuses a user without a password', () => {
    const dir = mkdtempSync(join(tmpdir(), 'secret-'));
    writeFileSync(join(dir, 'worker'), 'from-a-file\n');
    expect(loadConfig({ CAMUNDA_USER: 'worker', CAMUNDA_PASSWORD_FILE: join(dir, 'worker') }).CAMUNDA_PASSWORD).toBe(
      'from-a-file',
    );
    expect(() => loadConfig({ CAMUNDA_USER: 'worker' })).toThrow(/CAMUNDA_USER is set without CAMUNDA_PASSWORD/);
    expect(() => loadConfig({ CAMUNDA_USER: 'worker', CAMUNDA_PASSWORD_FILE: join(dir, 'missing') })).toThrow(
      /CAMUNDA_PASSWORD_FILE: cannot read/,
    );
    expect(() => engineCredentials(loadConfig({}))).toThrow(/the engine refuses anonymous calls/);
  });
});
