/**
 * `npm run bench`: the workers against the real engine on PostgreSQL, side by side in one run.
 * Prints a table and writes it to bench-results/. Not part of `npm test`.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Intake } from '../../src/api/intake.js';
import { ensureRedis, freePort, ROOT, type Started } from '../../src/stack/stack.js';
import type { EngineAdmin } from '../support/engine-admin.js';
import { startStandaloneEngine } from '../support/engines.js';
import { createLogger } from '../../src/platform/logger.js';
import { DAEMON_NODE_FLAGS } from '../../src/runtime/daemon.js';
import { connectRedis } from '../../src/store/redis.js';
import { WORKERS } from '../../workers/all.js';
import { spawnDaemon, type Daemon } from '../support/daemon.js';
import { bareClient } from './bare-client.js';
import { audit, submitLoad, type Submitted } from '../support/load.js';
import { frontDesk } from '../support/front-desk.js';
import { simulatedMember } from '../support/simulated-member.js';
import { createDatabase } from '../support/postgres.js';
import { deleteKeysWithPrefix } from '../support/redis-cleanup.js';

const N = Number(process.env.BENCH_APPLICATIONS ?? 1000);
const LATENCY_N = Number(process.env.BENCH_LATENCY_APPLICATIONS ?? 200);
/** Arrivals per second in the latency runs: below the engine's capacity on this machine, so there is no queue. */
const RATE = Number(process.env.BENCH_RATE ?? 5);
/** `hot-path`: only what issue 12's goals need (latency, throughput, CPU and REST calls per application, RSS); `all` adds scaling and authorization. */
const SCOPE = process.env.BENCH_SCOPE === 'all' ? 'all' : 'hot-path';
const KEY = 'housing-assistance';
const say = (line: string) => process.stdout.write(`[bench] ${line}\n`);
const silent = createLogger('bench', 'silent');
const TOPICS = [...new Set(WORKERS.map((w) => w.topic))];

// The daemon as the image runs it: compiled, with its node flags.
execFileSync(join(ROOT, 'node_modules', '.bin', 'tsc'), ['-p', join(ROOT, 'tsconfig.build.json')], {
  stdio: 'inherit',
});

const redisService = await ensureRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
const registries = await registriesProcess();

/** The registries stand-in as a child process (see registries-process.ts), unless STATE_GATEWAY_URL names one. */
async function registriesProcess(): Promise<ChildProcess | null> {
  if (process.env.STATE_GATEWAY_URL) return null;
  process.env.REGISTRIES_ENROL_DIR = mkdtempSync(join(tmpdir(), 'ha-bench-registries-'));
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'test', 'bench', 'registries-process.ts')], {
    env: process.env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.once('data', (data: Buffer) => resolve(data.toString().trim()));
    child.once('exit', (code) => reject(new Error(`the registries stand-in exited (${code})`)));
  });
  process.env.STATE_GATEWAY_URL = url;
  return child;
}
const prefix = `bench:${Date.now()}:`;
const redis = connectRedis(redisService.url, prefix);
const databases = [createDatabase(`camunda_bench_${process.pid}`)];

/** An engine the bench drives: its nodes, its administrator, the API's intake and the workers' login on it. */
interface Target {
  nodes: Started[];
  admin: EngineAdmin;
  intake: Intake;
  workerEnv: { CAMUNDA_USER: string; CAMUNDA_PASSWORD: string };
  desk: { stop(): void };
  /** Step 4: a member of each district's commission, deciding through the engine's task API. */
  member: { stop(): Promise<number> };
  /** Another node of the same engine on the same database. */
  addNode(): Promise<Started>;
}

async function target(options: {
  authorization: boolean;
  database: ReturnType<typeof createDatabase>;
}): Promise<Target> {
  const engine = await startStandaloneEngine({
    port: await freePort(),
    db: options.database,
    authorization: options.authorization,
  });
  return {
    nodes: [engine],
    admin: engine.admin,
    intake: new Intake(redis, engine.api, silent),
    workerEnv: engine.workerEnv,
    // Step 6 is a person's mark; the bench's employee hands every notification over at once.
    desk: frontDesk(engine.admin),
    // Only the commission decides step 4 (§10): its members accept the recommendation at once, as people would in days.
    member: simulatedMember({ url: engine.url, passwordsDir: engine.credentials.enginePasswordsDir }),
    addNode: async () =>
      engine.startNode({ port: await freePort(), db: options.database, authorization: options.authorization }),
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

/** Every application the bench submits: their outcomes are audited at the end, as chaos does. */
const submitted: Submitted[] = [];

async function preload(t: Target, n: number): Promise<void> {
  const started = Date.now();
  const apps = await submitLoad(t.intake, n, 20, (done) => {
    if (done % 250 === 0) say(`  preloaded ${done}/${n}`);
  });
  submitted.push(...apps);
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
async function drain(
  label: string,
  t: Target,
  n: number,
  start: () => Promise<{ stop(): Promise<void>; pids: number[] }>,
): Promise<Drain> {
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
  const cpu = Object.fromEntries(
    Object.keys(cpu0).map((g) => [g, Math.round(((cpu1[g] - cpu0[g]) / hz / seconds) * 100)]),
  );
  const cpuMsPerApplication = Object.fromEntries(
    Object.keys(cpu0).map((g) => [g, Math.round((((cpu1[g] - cpu0[g]) / hz) * 1000) / n)]),
  );
  say(
    `  ${label}: ${(n / seconds).toFixed(1)} applications/s; CPU % ${JSON.stringify(cpu)}; CPU ms per application ${JSON.stringify(cpuMsPerApplication)}${peak ? `; peak RSS ${peak.toFixed(1)} MB` : ''}`,
  );
  return { seconds, perSecond: n / seconds, cpu, cpuMsPerApplication, peakRssMb: peak || undefined };
}

const bareEngine = (t: Target) => ({
  url: t.nodes[0].url,
  username: t.workerEnv.CAMUNDA_USER,
  password: t.workerEnv.CAMUNDA_PASSWORD,
});

async function daemons(t: Target, count: number): Promise<{ stop(): Promise<void>; pids: number[] }> {
  const started: Daemon[] = [];
  for (let i = 0; i < count; i++) {
    started.push(
      await spawnDaemon(
        daemonEnv(t, t.nodes[i % t.nodes.length].url),
        join(ROOT, 'dist', 'src', 'cli', 'workers.js'),
        DAEMON_NODE_FLAGS,
      ),
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

interface Latency {
  samples: number[];
  /** External-task REST calls per application. */
  restCalls: number;
  /** The side's own event-loop delay over the run (ms). */
  loopDelayP99: number;
}

/**
 * Pickup latency at a steady arrival rate below capacity (no queue): task created → handler started.
 * Each side runs in a process of its own (latency-process.ts); ours with the daemon's node flags.
 */
async function pickupLatency(label: string, t: Target, side: 'ours' | 'bare', n = LATENCY_N): Promise<Latency> {
  const child = spawn(
    process.execPath,
    [
      ...(side === 'ours' ? DAEMON_NODE_FLAGS : []),
      '--import',
      'tsx',
      join(ROOT, 'test', 'bench', 'latency-process.ts'),
      side,
    ],
    { env: { ...process.env, ...daemonEnv(t, t.nodes[0].url) }, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const samples: number[] = [];
  let ready!: () => void;
  let done!: (line: string) => void;
  const isReady = new Promise<void>((resolve) => (ready = resolve));
  const isDone = new Promise<string>((resolve) => (done = resolve));
  createInterface({ input: child.stdout }).on('line', (line) => {
    if (line === 'ready') ready();
    else if (line.startsWith('picked ')) samples.push(Number(line.slice(7)));
    else if (line.startsWith('done ')) done(line);
  });
  child.once('exit', (code) => done(`exit ${code}`));
  await isReady;
  await new Promise((r) => setTimeout(r, 1_000));
  const before = await t.admin.finishedCount(KEY);
  for (let i = 0; i < n; i++) {
    void submitLoad(t.intake, 1, 1).then((apps) => submitted.push(...apps));
    await new Promise((r) => setTimeout(r, 1000 / RATE));
  }
  while ((await t.admin.finishedCount(KEY)) - before < n) await new Promise((r) => setTimeout(r, 100));
  child.kill('SIGTERM');
  const [word, calls, delay] = (await isDone).split(' ');
  if (word !== 'done') throw new Error(`the ${side} latency process ended with ${word} ${calls}`);
  const result = { samples, restCalls: Number(calls) / n, loopDelayP99: Number(delay) };
  say(
    `  ${label}: pickup p50 ${percentile(samples, 50)} ms, p99 ${percentile(samples, 99)} ms over ${samples.length} tasks; ${result.restCalls.toFixed(1)} external-task calls per application; event-loop delay p99 ${result.loopDelayP99.toFixed(1)} ms`,
  );
  return result;
}

const rows: Array<[string, string, string, string]> = [];
const WARM_UP = Math.min(N, 200);
const targets: Target[] = [secure];
try {
  say(
    `engine on PostgreSQL at ${secure.nodes[0].url}; ${N} applications per throughput run (${TOPICS.length} topics, ~8 tasks each)`,
  );
  // A fresh JVM compiles as it goes: every engine serves an unmeasured load first.
  say(`warm-up, not measured: ${WARM_UP} applications`);
  await preload(secure, WARM_UP);
  await drain('warm-up', secure, WARM_UP, async () => bareClient(bareEngine(secure)));

  say(`pickup latency, ${RATE} applications/s, ours and bare alternately, 2 rounds each`);
  // Each side first serves an unmeasured round, so neither side's first-use costs (JIT, the modules a
  // step imports when it first runs) land in the measured tail.
  await pickupLatency('ours, warm-up (not counted)', secure, 'ours', 50);
  await pickupLatency('bare, warm-up (not counted)', secure, 'bare', 50);
  const latency: Record<'ours' | 'bare', Latency[]> = { ours: [], bare: [] };
  for (let round = 1; round <= 2; round++) {
    latency.ours.push(await pickupLatency(`ours, round ${round}`, secure, 'ours'));
    latency.bare.push(await pickupLatency(`bare, round ${round}`, secure, 'bare'));
  }
  const pooled = (side: 'ours' | 'bare') => latency[side].flatMap((l) => l.samples);
  const at = (side: 'ours' | 'bare', p: number) => percentile(pooled(side), p);
  const restCalls = (side: 'ours' | 'bare') =>
    latency[side].reduce((sum, l) => sum + l.restCalls, 0) / latency[side].length;
  const loopDelay = (side: 'ours' | 'bare') => Math.max(...latency[side].map((l) => l.loopDelayP99));

  // The engine and PostgreSQL are the bottleneck and the machine is noisy: bare and ours alternate,
  // twice each, and each side's figures are the mean of its rounds.
  const rounds: Record<'ours' | 'bare', Drain[]> = { ours: [], bare: [] };
  for (let round = 1; round <= 2; round++) {
    say(`throughput, round ${round}: bare client handlers`);
    await preload(secure, N);
    rounds.bare.push(await drain(`bare, round ${round}`, secure, N, async () => bareClient(bareEngine(secure))));
    say(`throughput, round ${round}: our daemon, 1 replica (memory sampled)`);
    await preload(secure, N);
    rounds.ours.push(await drain(`ours ×1, round ${round}`, secure, N, () => daemons(secure, 1)));
  }
  const meanOf = (ds: Drain[]): Drain => ({
    seconds: ds.reduce((sum, d) => sum + d.seconds, 0) / ds.length,
    perSecond: ds.reduce((sum, d) => sum + d.perSecond, 0) / ds.length,
    cpu: Object.fromEntries(
      Object.keys(ds[0].cpu).map((g) => [g, Math.round(ds.reduce((sum, d) => sum + d.cpu[g], 0) / ds.length)]),
    ),
    cpuMsPerApplication: Object.fromEntries(
      Object.keys(ds[0].cpuMsPerApplication).map((g) => [
        g,
        Math.round(ds.reduce((sum, d) => sum + d.cpuMsPerApplication[g], 0) / ds.length),
      ]),
    ),
    peakRssMb: Math.max(...ds.map((d) => d.peakRssMb ?? 0)) || undefined,
  });
  const bare = meanOf(rounds.bare);
  const one = meanOf(rounds.ours);

  const engineAndDb = (d: Drain) => d.cpuMsPerApplication.engine + d.cpuMsPerApplication.postgres;
  const ratio = (x: number, y: number) => (x / y).toFixed(2);
  rows.push(
    [
      'throughput, ours ×1 vs bare handlers (mean of 2 alternate rounds)',
      `${one.perSecond.toFixed(1)} vs ${bare.perSecond.toFixed(1)} applications/s = ${ratio(one.perSecond, bare.perSecond)}×`,
      '≥ 1.0×',
      one.perSecond >= bare.perSecond ? 'met' : 'not met',
    ],
    [
      `pickup p50 at ${RATE} applications/s, ours vs bare`,
      `${at('ours', 50)} vs ${at('bare', 50)} ms = ${ratio(at('ours', 50), at('bare', 50))}×`,
      '≤ 1.2×',
      at('ours', 50) <= 1.2 * at('bare', 50) ? 'met' : 'not met',
    ],
    [
      `pickup p99 at ${RATE} applications/s, ours vs bare`,
      `${at('ours', 99)} vs ${at('bare', 99)} ms = ${ratio(at('ours', 99), at('bare', 99))}× (${pooled('ours').length} / ${pooled('bare').length} tasks, 2 alternate rounds)`,
      '≤ 1.5×',
      at('ours', 99) <= 1.5 * at('bare', 99) ? 'met' : 'not met',
    ],
    [
      `daemon peak RSS, ${N} applications in flight`,
      `${one.peakRssMb?.toFixed(1)} MB`,
      '≤ 80 MB',
      (one.peakRssMb ?? 999) <= 80 ? 'met' : 'not met',
    ],
    [
      'engine + PostgreSQL CPU ms per application, ours vs bare',
      `${engineAndDb(one)} vs ${engineAndDb(bare)} ms (engine ${one.cpuMsPerApplication.engine} vs ${bare.cpuMsPerApplication.engine}, PostgreSQL ${one.cpuMsPerApplication.postgres} vs ${bare.cpuMsPerApplication.postgres})`,
      'ours ≤ bare',
      engineAndDb(one) <= engineAndDb(bare) ? 'met' : 'not met',
    ],
    [
      'external-task REST calls per application, ours vs bare',
      `${restCalls('ours').toFixed(1)} vs ${restCalls('bare').toFixed(1)}`,
      'ours ≤ bare',
      restCalls('ours') <= restCalls('bare') + 0.05 ? 'met' : 'not met',
    ],
    [
      'event-loop delay p99 in the latency runs, ours vs bare',
      `${loopDelay('ours').toFixed(1)} vs ${loopDelay('bare').toFixed(1)} ms`,
      'report',
      '—',
    ],
    ['CPU % during ours ×1 (2 cores = 200 %)', JSON.stringify(one.cpu), '', ''],
    ['CPU % during bare', JSON.stringify(bare.cpu), '', ''],
  );

  if (SCOPE === 'all') {
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
    await drain('warm-up (authorization off)', open, WARM_UP, async () => bareClient(bareEngine(open)));
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
        '1 → 2 worker replicas',
        `${one.perSecond.toFixed(1)} → ${two.perSecond.toFixed(1)} applications/s = ${ratio(two.perSecond, one.perSecond)}×`,
        'report',
        '—',
      ],
      [
        '1 → 2 engine nodes (2 replicas)',
        `${two.perSecond.toFixed(1)} → ${twoNodes.perSecond.toFixed(1)} applications/s = ${ratio(twoNodes.perSecond, two.perSecond)}×`,
        'report',
        '—',
      ],
      [
        'authorization on vs off (ours ×1, mean of 2 alternate runs)',
        `${rate('on').toFixed(1)} vs ${rate('off').toFixed(1)} applications/s = ${ratio(rate('on'), rate('off'))}×`,
        'report',
        '—',
      ],
      [
        'engine / PostgreSQL CPU ms per application, authorization on vs off',
        `engine ${engineMs('on')} vs ${engineMs('off')} ms, PostgreSQL ${dbMs('on')} vs ${dbMs('off')} ms`,
        'report',
        '—',
      ],
    );
  }
  // The measured path must also be the right one: every application's outcome, as chaos audits it.
  const ended = new Set<string>();
  for (const t of targets)
    for (const p of await t.admin.historicProcessInstances({ processDefinitionKey: KEY }))
      if (p.state === 'COMPLETED') ended.add(p.id);
  const audited = await audit(redis, submitted, ended);
  const faults =
    audited.lost.length +
    audited.stuck.length +
    audited.wrongOutcome.length +
    audited.duplicatedRegistrations +
    audited.duplicatedDeliveries;
  rows.push([
    'outcomes audited (every application of the run)',
    `${submitted.length} applications: ${audited.wrongOutcome.length} wrong, ${audited.lost.length} lost, ${audited.stuck.length} stuck, ${audited.duplicatedRegistrations + audited.duplicatedDeliveries} duplicated`,
    '0',
    faults === 0 ? 'met' : 'not met',
  ]);
  say(`audit: ${submitted.length} applications, ${faults} wrong, lost, stuck or duplicated`);
  const table = ['| measure | result | goal | |', '|---|---|---|---|', ...rows.map((r) => `| ${r.join(' | ')} |`)].join(
    '\n',
  );
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
    await t.member.stop();
    for (const node of t.nodes) await node.stop();
  }
  registries?.kill();
  await deleteKeysWithPrefix(redisService.url, prefix);
  await redis.quit();
  await redisService.stop();
  for (const d of databases) d.drop();
}
process.exit(0);
