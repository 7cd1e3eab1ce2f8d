import { expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import YAML from 'yaml';
import { ROOT } from '../../src/paths.js';
import { engineMetricsUrl, prometheusConfig } from '../../src/stack/prometheus.js';

const config = prometheusConfig({
  camundaUrl: 'http://127.0.0.1:18080/engine-rest',
  workers: ['127.0.0.1:9464'],
  api: ['127.0.0.1:9465'],
}) as { scrape_configs: Array<Record<string, unknown>>; rule_files: string[] };

it("scrapes the engine's actuator on the engine's own port, outside /engine-rest", () => {
  expect(engineMetricsUrl('http://127.0.0.1:18080/engine-rest').href).toBe(
    'http://127.0.0.1:18080/actuator/prometheus',
  );
  expect(engineMetricsUrl('http://engine:8080/engine-rest/').href).toBe('http://engine:8080/actuator/prometheus');
  expect(config.scrape_configs[0]).toEqual({
    job_name: 'engine',
    scheme: 'http',
    metrics_path: '/actuator/prometheus',
    static_configs: [{ targets: ['127.0.0.1:18080'] }],
  });
});

it('names the jobs the alert rules select, as the compose configuration does', () => {
  const jobs = config.scrape_configs.map((c) => c.job_name);
  const rules = readFileSync(join(ROOT, 'ops', 'alerts.yml'), 'utf8');
  const selected = new Set([...rules.matchAll(/job=~?"([^"]+)"/g)].flatMap((m) => m[1].split('|')));
  expect([...selected].sort()).toEqual([...jobs].sort());
  const compose = YAML.parse(readFileSync(join(ROOT, 'ops', 'prometheus', 'prometheus.yml'), 'utf8')) as {
    scrape_configs: Array<{ job_name: string; metrics_path?: string }>;
  };
  expect(compose.scrape_configs.map((c) => c.job_name).sort()).toEqual([...jobs].sort());
  expect(compose.scrape_configs.find((c) => c.job_name === 'engine')?.metrics_path).toBe('/actuator/prometheus');
});

it('is a configuration Prometheus accepts, with the alert rules it loads (promtool check config)', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'prometheus-')), 'prometheus.yml');
  writeFileSync(file, YAML.stringify(config));
  const run = spawnSync('promtool', ['check', 'config', file], { encoding: 'utf8', timeout: 60_000 });
  expect({ status: run.status, output: `${run.stdout}${run.stderr}` }).toEqual({
    status: 0,
    output: expect.stringMatching(/SUCCESS: \d+ rules found/),
  });
});
