import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import YAML from 'yaml';
import { exportedMetricNames, promqlMetricNames } from '../../src/platform/metric-names.js';
import { engineMetricsUrl, startPrometheus } from '../../src/stack/prometheus.js';
import { freePort, ROOT, stopChild } from '../../src/stack/stack.js';
import { spawnApi, spawnDaemon, stopDaemon, type Daemon } from '../support/daemon.js';
import { until } from '../support/harness.js';

/**
 * Every metric that ops/alerts.yml and the Grafana dashboard query is one the running stack exports:
 * the API's and a worker daemon's operations ports and the engine's actuator are scraped here, as
 * Prometheus scrapes them.
 */
let daemon: Daemon;
let api: ChildProcess;
let apiOpsPort: number;
/** Series Prometheus makes itself for each target. */
const FROM_PROMETHEUS = new Set(['up', 'scrape_duration_seconds', 'scrape_samples_scraped']);

beforeAll(async () => {
  daemon = await spawnDaemon({ LOG_LEVEL: 'silent' });
  ({ child: api, opsPort: apiOpsPort } = await spawnApi());
});
afterAll(async () => {
  await stopChild(api, 10_000);
  await stopDaemon(daemon);
});

/** Where each query comes from: "alert EngineDown", "panel Memory". */
function queries(): Array<{ where: string; expr: string }> {
  const rules = YAML.parse(readFileSync(join(ROOT, 'ops', 'alerts.yml'), 'utf8')) as {
    groups: Array<{ rules: Array<{ alert: string; expr: string }> }>;
  };
  const dashboard = JSON.parse(readFileSync(join(ROOT, 'ops', 'grafana', 'housing-assistance.json'), 'utf8')) as {
    panels: Array<{ title: string; targets?: Array<{ expr: string }> }>;
    templating: { list: Array<{ name: string; definition?: string }> };
  };
  return [
    ...rules.groups.flatMap((g) => g.rules.map((r) => ({ where: `alert ${r.alert}`, expr: r.expr }))),
    ...dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => ({ where: `panel "${p.title}"`, expr: t.expr }))),
    ...dashboard.templating.list.flatMap((v) =>
      v.definition
        ? [{ where: `variable $${v.name}`, expr: v.definition.replace(/^label_values\((.*),\s*\w+\)$/, '$1') }]
        : [],
    ),
  ];
}

async function scrape(url: string): Promise<{ url: string; names: Set<string>; problem?: string }> {
  try {
    const res = await fetch(url);
    if (!res.ok) return { url, names: new Set(), problem: `${res.status} ${res.statusText}` };
    return { url, names: exportedMetricNames(await res.text()) };
  } catch (e) {
    return { url, names: new Set(), problem: (e as Error).message };
  }
}

it('every metric in an alert rule or a dashboard query is exported by the API, a worker daemon or the engine', async () => {
  const sources = {
    api: await scrape(`http://127.0.0.1:${apiOpsPort}/metrics`),
    workers: await scrape(`http://127.0.0.1:${daemon.metricsPort}/metrics`),
    engine: await scrape(engineMetricsUrl(process.env.CAMUNDA_URL!).href),
  };
  // The worker daemon's own metrics are there; the deadline metrics were read from the engine.
  expect(sources.workers.names).toContain('ha_task_pickup_seconds_bucket');
  expect(sources.workers.names).toContain('housing_step_overdue');
  expect(sources.api.names).toContain('http_requests_total');
  const everything = new Set([...Object.values(sources).flatMap((s) => [...s.names]), ...FROM_PROMETHEUS]);
  const expectedFrom = (name: string) => {
    const source = /^(camunda_|jvm_)/.test(name) ? sources.engine : /^http_/.test(name) ? sources.api : sources.workers;
    return `${source.url}${source.problem ? ` (${source.problem})` : ''}`;
  };
  const missing = new Map<string, { usedIn: string[]; expectedFrom: string }>();
  const all = queries();
  expect(all.length).toBeGreaterThan(30);
  for (const { where, expr } of all)
    for (const name of promqlMetricNames(expr)) {
      if (everything.has(name)) continue;
      const entry = missing.get(name) ?? { usedIn: [], expectedFrom: expectedFrom(name) };
      entry.usedIn.push(where);
      missing.set(name, entry);
    }
  // Prints exactly which names are missing, where they are used and where they should come from.
  expect(Object.fromEntries(missing)).toEqual({});
});

it('the Prometheus npm start runs scrapes the API and the daemon on their real ports and loads every alert rule', async () => {
  const prometheus = await startPrometheus(await freePort(), mkdtempSync(join(tmpdir(), 'prometheus-')), {
    camundaUrl: process.env.CAMUNDA_URL!,
    workers: [`127.0.0.1:${daemon.metricsPort}`],
    api: [`127.0.0.1:${apiOpsPort}`],
  });
  try {
    const api = async <T>(path: string) =>
      ((await (await fetch(`${prometheus.url}${path}`)).json()) as { data: T }).data;
    const rules = await api<{ groups: Array<{ rules: Array<{ name: string }> }> }>('/api/v1/rules?type=alert');
    const alerts = YAML.parse(readFileSync(join(ROOT, 'ops', 'alerts.yml'), 'utf8')) as {
      groups: Array<{ rules: Array<{ alert: string }> }>;
    };
    expect(rules.groups.flatMap((g) => g.rules.map((r) => r.name)).sort()).toEqual(
      alerts.groups.flatMap((g) => g.rules.map((r) => r.alert)).sort(),
    );
    // The first scrape happens within a scrape interval of the start.
    const health = await until(
      'the first scrapes',
      async () => {
        const { activeTargets } = await api<{ activeTargets: Array<{ labels: { job: string }; health: string }> }>(
          '/api/v1/targets',
        );
        const byJob = Object.fromEntries(activeTargets.map((t) => [t.labels.job, t.health]));
        return byJob.workers === 'up' && byJob.api === 'up' ? byJob : null;
      },
      60_000,
    );
    expect(Object.keys(health).sort()).toEqual(['api', 'engine', 'workers']);
    const result = await api<{ result: Array<{ metric: { district: string }; value: [number, string] }> }>(
      `/api/v1/query?query=${encodeURIComponent('max by (district) (housing_term_applications)')}`,
    );
    expect(result.result.map((r) => r.metric.district)).toEqual(expect.arrayContaining(['bostandyk', 'turksib']));
  } finally {
    await prometheus.stop();
  }
});
