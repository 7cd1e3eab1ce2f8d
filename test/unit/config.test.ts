import { describe, expect, it } from '@jest/globals';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../../src/config.js';

describe('configuration, read and validated once', () => {
  it('has working defaults: the rules file and the people file', () => {
    const config = loadConfig({});
    expect(config.CAMUNDA_URL).toBe('http://127.0.0.1:8080/engine-rest');
    expect(config.rules.maxIncomeShare).toBe(0.1);
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
    writeFileSync(file, 'maxIncomeShare: 1.5\nincomePeriodMonths: 3\nnormAreaPerPerson: 18\nnormAreaSingle: 30\ncommunicationCap: 2000\nbonus: 1\n');
    expect(() => loadConfig({ RULES_FILE: file })).toThrow(/maxIncomeShare[\s\S]*bonus|bonus[\s\S]*maxIncomeShare/);
  });
});
