/**
 * `npm run bench`: the workers against the real engine on PostgreSQL, side by side in one run.
 * Prints a table and writes it to bench-results/. Not part of `npm test`.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BasicAuthInterceptor, Client, Variables } from 'camunda-external-task-client-js';
import { Intake } from '../../src/api/intake.js';
import { loadConfig } from '../../src/config.js';
import { ensureRedis, freePort, ROOT, type Started } from '../../src/stack/stack.js';
import { parseEngineTime, type CamundaClient } from '../../src/engine/camunda.js';
import { startStandaloneEngine } from '../support/engines.js';
import { createLogger } from '../../src/runtime/logger.js';
import { workerMetrics } from '../../src/runtime/metrics.js';
import { DAEMON_NODE_FLAGS } from '../../src/runtime/daemon.js';
import { runWorkers } from '../../src/runtime/run-workers.js';
import { connectRedis } from '../../src/store/redis.js';
import { WORKERS } from '../../workers/all.js';
import { spawnDaemon, type Daemon } from '../support/daemon.js';
import { submitLoad } from '../support/load.js';
import { frontDesk } from '../support/front-desk.js';
import { createDatabase } from '../support/postgres.js';
import { deleteKeysWithPrefix } from '../support/redis-cleanup.js';

const N = Number(process.env.BENCH_APPLICATIONS ?? 1000);
const LATENCY_N = Number(process.env.BENCH_LATENCY_APPLICATIONS ?? 200);
const KEY = 'housing-assistance';
const say = (line: string) => process.stdout.write(`[bench] ${line}\n`);
const silent = createLogger('bench', 'silent');
const TOPICS = [...new Set(WORKERS.map((w) => w.topic))];

// The daemon as the image runs it: compiled, with its node flags.
execFileSync(join(ROOT, 'node_modules', '.bin', 'tsc'), ['-p', join(ROOT, 'tsconfig.build.json')], { stdio: 'inherit' });

const redisService = await ensureRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
const prefix = `bench:${Date.now()}:`;
const redis = connectRedis(redisService.url, prefix);
const databases = [createDatabase(`camunda_bench_${process.pid}`)];

/** An engine the bench drives: its nodes, its administrator, the API's intake and the workers' login on it. */
interface Target {
  nodes: Started[];
  admin: CamundaClient;
  intake: Intake;
  workerEnv: { CAMUNDA_USER: string; CAMUNDA_PASSWORD: string };
  desk: { stop(): void };
  /** Another node of the same engine on the same database. */
  addNode(): Promise<Started>;
}

async function target(options: { authorization: boolean; database: ReturnType<typeof createDatabase> }): Promise<Target> {
  const engine = await startStandaloneEngine({ port: await freePort(), db: options.database, authorization: options.authorization });
  return {
    nodes: [engine],
    admin: engine.admin,
    // The commission's step is automatic here: the bench measures the machinery, not a person's days.
    intake: new Intake(redis, engine.api, silent, 'automatic'),
    workerEnv: engine.workerEnv,
    // Step 6 is a person's mark; the bench's employee hands every notification over at once.
    desk: frontDesk(engine.admin),
    addNode: async () => engine.startNode({ port: await freePort(), db: options.database, authorization: options.authorization }),
  };
}

// Authentication and authorization on, every client with its own login, as in production.
const secure = await target({ authorization: true, database: databases[0] });
const daemonEnv = (t: Target, engineUrl: string) => ({
  ...t.workerEnv,
  CAMUNDA_URL: engineUrl,
  REDIS_URL: redisService.url,
  REDIS_PREFIX: prefix,
  LOG_LEVEL: 'warn',
});

// ---- measurement helpers
function cpuTicks(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}
function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : 0;
}
function pidsOf(name: string): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map(Number)
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === name;
      } catch {
        return false;
      }
    });
}

interface Groups {
  [group: string]: number[];
}
function cpuSnapshot(groups: Groups): Record<string, number> {
  return Object.fromEntries(Object.entries(groups).map(([g, pids]) => [g, pids.reduce((s, p) => s + cpuTicks(p), 0)]));
}

async function preload(t: Target, n: number): Promise<void> {
  const started = Date.now();
  await submitLoad(t.intake, n, 20, (done) => {
    if (done % 250 === 0) say(`  preloaded ${done}/${n}`);
  });
  say(
    `  preloaded ${n} applications in ${((Date.now() - started) / 1000).toFixed(1)} s (${(n / ((Date.now() - started) / 1000)).toFixed(1)}/s)`,
  );
}

interface Drain {
  seconds: number;
  perSecond: number;
  cpu: Record<string, number>;
  cpuMsPerApplication: Record<string, number>;
  peakRssMb?: number;
}

/** Starts the workers with `start`, waits until `n` more instances have finished, and measures. */
async function drain(label: string, t: Target, n: number, start: () => Promise<{ stop(): Promise<void>; pids: number[] }>): Promise<Drain> {
  const camunda = t.admin;
  const before = await camunda.finishedCount(KEY);
  const workers = await start();
  const groups: Groups = {
    engine: t.nodes.map((e) => e.child!.pid!),
    postgres: pidsOf('postgres'),
    redis: pidsOf('redis-server'),
    workers: workers.pids,
  };
  const cpu0 = cpuSnapshot(groups);
  const t0 = Date.now();
  let peak = 0;
  const sampler = setInterval(() => {
    for (const p of workers.pids) peak = Math.max(peak, rssMb(p));
  }, 100);
  let lastPrint = 0;
  for (;;) {
    const done = (await camunda.finishedCount(KEY)) - before;
    if (Date.now() - lastPrint > 2000) {
      say(`  ${label}: ${done}/${n} finished, ${((Date.now() - t0) / 1000).toFixed(0)} s`);
      lastPrint = Date.now();
    }
    if (done >= n) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const seconds = (Date.now() - t0) / 1000;
  const cpu1 = cpuSnapshot(groups);
  clearInterval(sampler);
  await workers.stop();
  const hz = 100;
  const cpu = Object.fromEntries(Object.keys(cpu0).map((g) => [g, Math.round(((cpu1[g] - cpu0[g]) / hz / seconds) * 100)]));
  const cpuMsPerApplication = Object.fromEntries(Object.keys(cpu0).map((g) => [g, Math.round((((cpu1[g] - cpu0[g]) / hz) * 1000) / n)]));
  say(
    `  ${label}: ${(n / seconds).toFixed(1)} applications/s; CPU % ${JSON.stringify(cpu)}; CPU ms per application ${JSON.stringify(cpuMsPerApplication)}${peak ? `; peak RSS ${peak.toFixed(1)} MB` : ''}`,
  );
  return { seconds, perSecond: n / seconds, cpu, cpuMsPerApplication, peakRssMb: peak || undefined };
}

/** The reference: plain client handlers that complete at once, with the variables the gateways read. */
function bareClient(t: Target, onPicked?: (ms: number) => void) {
  const interceptors = new BasicAuthInterceptor({ username: t.workerEnv.CAMUNDA_USER, password: t.workerEnv.CAMUNDA_PASSWORD });
  const client = new Client({
    baseUrl: t.nodes[0].url,
    workerId: `bare-${Date.now()}`,
    maxTasks: 20,
    maxParallelExecutions: 20,
    asyncResponseTimeout: 10_000,
    interval: 10,
    lockDuration: 30_000,
    autoPoll: false,
    interceptors,
  });
  let polling = false;
  client.on('poll:start', () => {
    polling = true;
  });
  client.on('poll:success', () => {
    polling = false;
  });
  client.on('poll:error', () => {
    polling = false;
  });
  const variables = { documentsComplete: true, authorized: true, edsValid: true, documentsConform: true, decision: 'assigned' };
  for (const topic of TOPICS) {
    client.subscribe(topic, {}, async ({ task, taskService }) => {
      onPicked?.(Date.now() - parseEngineTime(task.createTime));
      await taskService.complete(task, new Variables().setAll(variables));
    });
  }
  client.start();
  const stop = async () => {
    client.stop();
    while (polling) await new Promise((r) => setTimeout(r, 20));
  };
  return { stop, pids: [] as number[] };
}

async function daemons(t: Target, count: number): Promise<{ stop(): Promise<void>; pids: number[] }> {
  const started: Daemon[] = [];
  for (let i = 0; i < count; i++) {
    started.push(
      await spawnDaemon(daemonEnv(t, t.nodes[i % t.nodes.length].url), join(ROOT, 'dist', 'src', 'cli', 'workers.js'), DAEMON_NODE_FLAGS),
    );
  }
  const stop = async () => {
    await Promise.all(
      started.map(async (d) => {
        const exit = d.exit();
        d.child.kill('SIGTERM');
        await exit;
      }),
    );
  };
  return { pids: started.map((d) => d.child.pid!), stop };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Pickup latency at a steady, modest arrival rate (no queue): task created → handler started. */
async function pickupLatency(
  label: string,
  t: Target,
  start: (onPicked: (ms: number) => void) => { stop(): Promise<void> },
): Promise<{ p50: number; p99: number; samples: number }> {
  const samples: number[] = [];
  const workers = start((ms) => samples.push(ms));
  await new Promise((r) => setTimeout(r, 1_000));
  const before = await t.admin.finishedCount(KEY);
  for (let i = 0; i < LATENCY_N; i++) {
    void submitLoad(t.intake, 1, 1);
    await new Promise((r) => setTimeout(r, 100));
  }
  while ((await t.admin.finishedCount(KEY)) - before < LATENCY_N) await new Promise((r) => setTimeout(r, 100));
  await workers.stop();
  const result = { p50: percentile(samples, 50), p99: percentile(samples, 99), samples: samples.length };
  say(`  ${label}: pickup p50 ${result.p50} ms, p99 ${result.p99} ms over ${result.samples} tasks`);
  return result;
}

const rows: Array<[string, string, string, string]> = [];
const WARM_UP = Math.min(N, 200);
const targets: Target[] = [secure];
try {
  say(`engine on PostgreSQL at ${secure.nodes[0].url}; ${N} applications per throughput run (${TOPICS.length} topics, ~8 tasks each)`);
  // A fresh JVM compiles as it goes: every engine serves an unmeasured load first.
  say(`warm-up, not measured: ${WARM_UP} applications`);
  await preload(secure, WARM_UP);
  await drain('warm-up', secure, WARM_UP, async () => bareClient(secure));

  say('pickup latency, 10 applications/s');
  const config = { ...loadConfig({ ...process.env, ...daemonEnv(secure, secure.nodes[0].url) }), LOG_LEVEL: 'silent' as const };
  const latencyOurs = await pickupLatency('ours', secure, (onPicked) => {
    const running = runWorkers([...WORKERS], { config, redis, log: silent, metrics: workerMetrics() });
    running.events.on('picked', (_topic: string, ms: number) => onPicked(ms));
    return { stop: () => running.stop(5_000) };
  });
  const latencyBare = await pickupLatency('bare', secure, (onPicked) => bareClient(secure, onPicked));

  say('throughput: bare client handlers');
  await preload(secure, N);
  const bare = await drain('bare', secure, N, async () => bareClient(secure));

  say('throughput: our daemon, 1 replica (memory sampled)');
  await preload(secure, N);
  const one = await drain('ours ×1', secure, N, () => daemons(secure, 1));

  say('throughput: our daemon, 2 replicas');
  await preload(secure, N);
  const two = await drain('ours ×2', secure, N, () => daemons(secure, 2));

  say('throughput: 2 replicas on 2 engine nodes sharing the PostgreSQL database');
  secure.nodes.push(await secure.addNode());
  await preload(secure, N);
  const twoNodes = await drain('ours ×2, 2 nodes', secure, N, () => daemons(secure, 2));
  await secure.nodes.pop()!.stop();

  // The engine's authorization checks on vs off: a second engine with them off on a database of its
  // own, warmed up the same way; both measured twice, alternately, with one replica of ours.
  say('authorization on vs off: a second engine with authorization off, warmed up, then alternate runs');
  databases.push(createDatabase(`camunda_bench_open_${process.pid}`));
  const open = await target({ authorization: false, database: databases[1] });
  targets.push(open);
  await preload(open, WARM_UP);
  await drain('warm-up (authorization off)', open, WARM_UP, async () => bareClient(open));
  const runs: Record<'on' | 'off', Drain[]> = { on: [], off: [] };
  for (let round = 1; round <= 2; round++) {
    for (const [name, t] of [
      ['on', secure],
      ['off', open],
    ] as const) {
      await preload(t, N);
      runs[name].push(await drain(`ours ×1, authorization ${name}, round ${round}`, t, N, () => daemons(t, 1)));
    }
  }
  const mean = (ds: Drain[], f: (d: Drain) => number) => ds.reduce((sum, d) => sum + f(d), 0) / ds.length;
  const rate = (name: 'on' | 'off') => mean(runs[name], (d) => d.perSecond);
  const engineMs = (name: 'on' | 'off') => Math.round(mean(runs[name], (d) => d.cpuMsPerApplication.engine));
  const dbMs = (name: 'on' | 'off') => Math.round(mean(runs[name], (d) => d.cpuMsPerApplication.postgres));

  rows.push(
    [
      'throughput, ours vs bare handlers',
      `${one.perSecond.toFixed(1)} vs ${bare.perSecond.toFixed(1)} applications/s = ${(one.perSecond / bare.perSecond).toFixed(2)}×`,
      '≥ 0.8×',
      one.perSecond / bare.perSecond >= 0.8 ? 'met' : 'not met',
    ],
    [
      'pickup latency p50 / p99 (ours)',
      `${latencyOurs.p50} / ${latencyOurs.p99} ms (bare: ${latencyBare.p50} / ${latencyBare.p99} ms)`,
      '≤ 10 / ≤ 100 ms',
      latencyOurs.p50 <= 10 && latencyOurs.p99 <= 100 ? 'met' : 'not met',
    ],
    [
      'worker RSS, 1000 applications in flight',
      `${one.peakRssMb?.toFixed(1)} MB peak`,
      '≤ 80 MB',
      (one.peakRssMb ?? 999) <= 80 ? 'met' : 'not met',
    ],
    [
      '1 → 2 worker replicas',
      `${one.perSecond.toFixed(1)} → ${two.perSecond.toFixed(1)} applications/s = ${(two.perSecond / one.perSecond).toFixed(2)}×`,
      '≥ 1.6×',
      two.perSecond / one.perSecond >= 1.6 ? 'met' : 'not met',
    ],
    [
      '1 → 2 engine nodes (2 replicas)',
      `${two.perSecond.toFixed(1)} → ${twoNodes.perSecond.toFixed(1)} applications/s = ${(twoNodes.perSecond / two.perSecond).toFixed(2)}×`,
      'report',
      '—',
    ],
    [
      'authorization on vs off (ours ×1, mean of 2 alternate runs)',
      `${rate('on').toFixed(1)} vs ${rate('off').toFixed(1)} applications/s = ${(rate('on') / rate('off')).toFixed(2)}×`,
      'report',
      '—',
    ],
    [
      'engine / PostgreSQL CPU ms per application, authorization on vs off',
      `engine ${engineMs('on')} vs ${engineMs('off')} ms, PostgreSQL ${dbMs('on')} vs ${dbMs('off')} ms`,
      'report',
      '—',
    ],
    ['CPU % during ours ×1 (2 cores = 200 %)', JSON.stringify(one.cpu), '', ''],
    ['CPU % during ours ×2', JSON.stringify(two.cpu), '', ''],
    ['CPU % during bare', JSON.stringify(bare.cpu), '', ''],
    ['CPU % during 2 nodes', JSON.stringify(twoNodes.cpu), '', ''],
  );
  const table = ['| measure | result | goal | |', '|---|---|---|---|', ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
  process.stdout.write(`\n${table}\n`);
  mkdirSync(join(ROOT, 'bench-results'), { recursive: true });
  const file = join(ROOT, 'bench-results', `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.md`);
  writeFileSync(
    file,
    `# npm run bench, ${new Date().toISOString()}\n\n${N} applications per throughput run, engine on PostgreSQL, 2 cores.\n\n${table}\n`,
  );
  say(`written to ${file}`);
} finally {
  for (const t of targets) {
    t.desk.stop();
    for (const node of t.nodes) await node.stop();
  }
  await deleteKeysWithPrefix(redisService.url, prefix);
  await redis.quit();
  await redisService.stop();
  for (const d of databases) d.drop();
}
process.exit(0);
