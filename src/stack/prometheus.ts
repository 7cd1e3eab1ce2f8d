import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
import { ROOT } from '../paths.js';
import { stopChild, waitFor, type Started } from './stack.js';

/** The alert rules Prometheus loads (unit-tested with promtool: ops/alerts.test.yml). */
export const ALERT_RULES = join(ROOT, 'ops', 'alerts.yml');
export const SCRAPE_INTERVAL = '15s';

export interface ScrapeTargets {
  /** The engine's REST base (CAMUNDA_URL); its metrics are at <base without /engine-rest>/actuator/prometheus. */
  camundaUrl: string;
  /** host:port of each worker daemon's operations port, and of the API's. */
  workers: readonly string[];
  api: readonly string[];
  rules?: string;
}

/** The engine's Spring Boot actuator: the same server as CAMUNDA_URL, outside /engine-rest, no login (loopback). */
export function engineMetricsUrl(camundaUrl: string): URL {
  const base = new URL(camundaUrl);
  base.pathname = `${base.pathname.replace(/\/engine-rest\/?$/, '').replace(/\/$/, '')}/actuator/prometheus`;
  return base;
}

/** Prometheus's configuration for the stack as it runs: the jobs engine, workers and api that ops/alerts.yml names. */
export function prometheusConfig(targets: ScrapeTargets): Record<string, unknown> {
  const engine = engineMetricsUrl(targets.camundaUrl);
  return {
    global: { scrape_interval: SCRAPE_INTERVAL, evaluation_interval: SCRAPE_INTERVAL },
    rule_files: [targets.rules ?? ALERT_RULES],
    scrape_configs: [
      {
        job_name: 'engine',
        scheme: engine.protocol.replace(':', ''),
        metrics_path: engine.pathname,
        static_configs: [{ targets: [engine.host] }],
      },
      { job_name: 'workers', static_configs: [{ targets: [...targets.workers] }] },
      { job_name: 'api', static_configs: [{ targets: [...targets.api] }] },
    ],
  };
}

/** Whether this machine has Prometheus (Debian's package: scripts/ensure-prometheus.sh). */
export const hasPrometheus = (): boolean => spawnSync('prometheus', ['--version'], { stdio: 'ignore' }).status === 0;

/** Prometheus on 127.0.0.1:`port`, its configuration and data under `dataDir`, ready when it says so. */
export async function startPrometheus(port: number, dataDir: string, targets: ScrapeTargets): Promise<Started> {
  mkdirSync(join(dataDir, 'data'), { recursive: true });
  const config = join(dataDir, 'prometheus.yml');
  writeFileSync(
    config,
    `# Written by npm start (src/stack/prometheus.ts) at each start.\n${YAML.stringify(prometheusConfig(targets))}`,
  );
  const child = spawn(
    'prometheus',
    [
      `--config.file=${config}`,
      `--storage.tsdb.path=${join(dataDir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--storage.tsdb.retention.time=15d',
    ],
    { stdio: 'ignore' },
  );
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitFor('Prometheus', async () => (await fetch(`${url}/-/ready`)).ok, 60_000, child);
  } catch (e) {
    await stopChild(child, 5_000);
    throw e;
  }
  return { url, child, stop: () => stopChild(child, 10_000) };
}
