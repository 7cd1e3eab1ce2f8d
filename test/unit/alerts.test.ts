import { expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
import { ROOT } from '../../src/paths.js';

// scripts/ensure-prometheus.sh (run by `npm test`) installs promtool from Debian's prometheus package.
const promtool = (...args: string[]) =>
  spawnSync('promtool', args, { cwd: join(ROOT, 'ops'), encoding: 'utf8', timeout: 60_000 });

it('ops/alerts.yml is valid Prometheus rules', () => {
  const run = promtool('check', 'rules', 'alerts.yml');
  expect(run.error).toBeUndefined();
  expect(`${run.stdout}${run.stderr}`).toContain('SUCCESS');
  expect(run.status).toBe(0);
});

it('every alert fires on its condition and stays quiet otherwise (promtool test rules ops/alerts.test.yml)', () => {
  const run = promtool('test', 'rules', 'alerts.test.yml');
  expect({ status: run.status, output: `${run.stdout}${run.stderr}` }).toEqual({
    status: 0,
    output: expect.stringContaining('SUCCESS'),
  });
});

it('every alert of ops/alerts.yml has a test where it fires', () => {
  const read = (file: string) => YAML.parse(readFileSync(join(ROOT, 'ops', file), 'utf8'));
  const rules = read('alerts.yml') as { groups: Array<{ rules: Array<{ alert?: string }> }> };
  const tests = read('alerts.test.yml') as {
    tests: Array<{ alert_rule_test?: Array<{ alertname: string; exp_alerts: unknown[] }> }>;
  };
  const alerts = rules.groups.flatMap((g) => g.rules.flatMap((r) => (r.alert ? [r.alert] : [])));
  const firing = new Set(
    tests.tests.flatMap((t) =>
      (t.alert_rule_test ?? []).filter((a) => a.exp_alerts.length > 0).map((a) => a.alertname),
    ),
  );
  expect(alerts.length).toBeGreaterThan(10);
  expect(alerts.filter((a) => !firing.has(a))).toEqual([]);
});
