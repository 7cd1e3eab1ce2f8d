import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { ROOT } from '../paths.js';
import { CamundaClient, type Deployment } from '../engine/camunda.js';
import { applyPeople, type IdentityChanges } from '../engine/identity.js';
import type { People } from '../domain/roles.js';
import { deployModels } from '../engine/deployment.js';
import { buildCockpitPlugin } from '../cockpit/build.js';

export { ROOT };

/** Starts what the local system needs: the engine from engine/, and Redis when none answers. */
export const ENGINE_DIR = join(ROOT, 'engine');
export const ENGINE_JAR = join(ENGINE_DIR, 'target', 'housing-assistance-engine.jar');

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((m, f) => Math.max(m, newestMtime(join(path, f))), stat.mtimeMs);
}

export function engineIsStale(): boolean {
  if (!existsSync(ENGINE_JAR)) return true;
  const jar = statSync(ENGINE_JAR).mtimeMs;
  return newestMtime(join(ENGINE_DIR, 'src')) > jar || statSync(join(ENGINE_DIR, 'pom.xml')).mtimeMs > jar;
}

/** Builds the engine jar with Maven when it is missing or older than its sources. */
export function buildEngineIfStale(log: (line: string) => void = console.log): void {
  // The Cockpit plugin is generated into the engine's resources first: a changed regulation makes the jar stale.
  buildCockpitPlugin();
  if (!engineIsStale()) return;
  log('building the engine (Maven, first time takes a few minutes)…');
  const result = spawnSync('mvn', ['-q', '-B', '-DskipTests', 'package'], { cwd: ENGINE_DIR, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('the engine build failed (see Maven output above)');
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

export async function waitFor(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs: number,
  child?: ChildProcess,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null)
      throw new Error(`${what} exited with code ${child.exitCode} before it was ready`);
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${what} was not ready after ${Math.round(timeoutMs / 1000)} s`);
}

export interface Started {
  url: string;
  child?: ChildProcess;
  stop(): Promise<void>;
}

function stopChild(child: ChildProcess, graceMs = 20_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export interface EngineOptions {
  port: number;
  /** A folder for the H2 file database; in memory when absent. */
  dataDir?: string;
  /** JDBC settings for PostgreSQL (or another database) instead of H2. */
  db?: { url: string; user: string; password: string };
  logFile?: string;
  inheritOutput?: boolean;
  /** The engine's administrator, made at its first start; the engine refuses to start without a password. */
  admin: { user: string; password: string };
  /** Authorization checks; off only for the benchmark's baseline. */
  authorization?: boolean;
  /** How often the engine's process gauges refresh (ENGINE_GAUGES_REFRESH_MS; the engine's default 15 s). */
  gaugesRefreshMs?: number;
  /** A bearer token file for scrapes of /actuator/prometheus from other machines (ENGINE_METRICS_TOKEN_FILE). */
  metricsTokenFile?: string;
  /** The address the engine binds to (ENGINE_ADDRESS); loopback when absent. */
  address?: string;
}

export async function startEngine(options: EngineOptions): Promise<Started> {
  buildEngineIfStale();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ENGINE_PORT: String(options.port),
    CAMUNDA_ADMIN_USER: options.admin.user,
    CAMUNDA_ADMIN_PASSWORD: options.admin.password,
    ENGINE_AUTHORIZATION: String(options.authorization ?? true),
  };
  if (options.gaugesRefreshMs !== undefined) env.ENGINE_GAUGES_REFRESH_MS = String(options.gaugesRefreshMs);
  if (options.metricsTokenFile) env.ENGINE_METRICS_TOKEN_FILE = options.metricsTokenFile;
  if (options.address) env.ENGINE_ADDRESS = options.address;
  if (options.db) {
    env.ENGINE_DB_URL = options.db.url;
    env.ENGINE_DB_USER = options.db.user;
    env.ENGINE_DB_PASSWORD = options.db.password;
  } else if (options.dataDir) {
    mkdirSync(options.dataDir, { recursive: true });
    env.ENGINE_DATA_DIR = options.dataDir;
  } else {
    env.ENGINE_DB_URL = `jdbc:h2:mem:camunda-${options.port};DB_CLOSE_DELAY=-1`;
  }
  const child = spawn('java', ['-XX:+UseSerialGC', '-Xss512k', '-jar', ENGINE_JAR], {
    env,
    cwd: ENGINE_DIR,
    stdio: options.inheritOutput ? 'inherit' : 'ignore',
  });
  const url = `http://127.0.0.1:${options.port}/engine-rest`;
  try {
    const engine = new CamundaClient(url, options.admin, 2_000);
    await waitFor('the engine', async () => !!(await engine.version()), 180_000, child);
  } catch (e) {
    await stopChild(child);
    throw e;
  }
  return { url, child, stop: () => stopChild(child) };
}

/** A running engine made ready, as its administrator: the people's users, groups and grants, then bpmn/ deployed. */
export async function prepareEngine(
  url: string,
  admin: { user: string; password: string },
  people: People,
  passwordsDir: string,
): Promise<{ identity: IdentityChanges; deployment: Deployment | null }> {
  const engine = new CamundaClient(url, admin);
  const identity = await applyPeople(engine, people, passwordsDir, admin.password);
  return { identity, deployment: await deployModels(engine) };
}

export async function redisAnswers(url: string): Promise<boolean> {
  const client = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: 1000,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

/** Whether the Redis at `url` writes every change to its append-only file (a system of record must). */
export async function redisPersists(url: string): Promise<boolean> {
  const client = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: 1000,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    const [, appendonly] = (await client.config('GET', 'appendonly')) as [string, string];
    return appendonly === 'yes';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

/**
 * A Redis of our own on `port`: with `dataDir`, every write is in its append-only file before it
 * answers (`appendfsync always`), so a crash loses no acknowledged application; without, nothing on disk.
 */
export async function startRedis(port: number, dataDir?: string): Promise<Started> {
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', ''];
  if (dataDir) {
    mkdirSync(dataDir, { recursive: true });
    args.push('--appendonly', 'yes', '--appendfsync', 'always', '--dir', dataDir);
  } else {
    args.push('--appendonly', 'no');
  }
  const child = spawn('redis-server', args, { stdio: 'ignore' });
  const started = `redis://127.0.0.1:${port}`;
  await waitFor('redis-server', () => redisAnswers(started), 15_000, child);
  return { url: started, child, stop: () => stopChild(child, 5_000) };
}

/**
 * The Redis at `url` when it answers and, when our data must last (`dataDir`), keeps an append-only
 * file; otherwise one of our own on a free port (persisting to `dataDir` when given).
 */
export async function ensureRedis(url: string, dataDir?: string): Promise<Started & { reason?: string }> {
  if (await redisAnswers(url)) {
    if (!dataDir || (await redisPersists(url))) return { url, stop: () => Promise.resolve() };
    return {
      ...(await startRedis(await freePort(), dataDir)),
      reason: `the Redis at ${url} keeps nothing on disk (appendonly no)`,
    };
  }
  return startRedis(await freePort(), dataDir);
}

export { stopChild };
