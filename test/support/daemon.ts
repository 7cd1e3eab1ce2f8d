import { spawn, type ChildProcess } from 'node:child_process';
import { API_USER } from '../../src/domain/roles.js';
import { join } from 'node:path';
import { freePort, ROOT, waitFor } from '../../src/stack/stack.js';

export interface Daemon {
  child: ChildProcess;
  metricsPort: number;
  output(): string;
  /** Resolves with the exit code (null after a signal) and how long the exit took from now. */
  exit(): Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>;
}

/** A real worker daemon in its own process (src/cli/workers.ts, or another entry), ready when /readyz says so. */
export async function spawnDaemon(
  env: Record<string, string>,
  entry = join(ROOT, 'src', 'cli', 'workers.ts'),
  nodeArgs: readonly string[] = ['--import', 'tsx'],
): Promise<Daemon> {
  const metricsPort = await freePort();
  // One process (node with tsx's loader), so a signal reaches the daemon itself.
  const child = spawn(process.execPath, [...nodeArgs, entry], {
    cwd: ROOT,
    env: {
      ...process.env,
      WORKER_METRICS_PORT: String(metricsPort),
      WORKER_ID: `test-daemon-${metricsPort}`,
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => {
    output += d;
  });
  child.stderr.on('data', (d) => {
    output += d;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  await waitFor(
    'the worker daemon',
    async () => (await fetch(`http://127.0.0.1:${metricsPort}/healthz`)).ok,
    30_000,
    child,
  );
  return {
    child,
    metricsPort,
    output: () => output,
    exit: async () => {
      const started = Date.now();
      const result = await exited;
      return { ...result, ms: Date.now() - started };
    },
  };
}

/** SIGKILLs a daemon (as a crash would); the engine may keep tasks locked for it for one lock duration. */
export async function killDaemon(daemon: Daemon | undefined): Promise<void> {
  if (!daemon || daemon.child.exitCode !== null || daemon.child.signalCode !== null) return;
  const exit = daemon.exit();
  daemon.child.kill('SIGKILL');
  await exit;
}

/** Stops a daemon as an operator would (SIGTERM: it unlocks what it holds), killing it if it hangs. */
export async function stopDaemon(daemon: Daemon | undefined, graceMs = 15_000): Promise<void> {
  if (!daemon || daemon.child.exitCode !== null || daemon.child.signalCode !== null) return;
  const exit = daemon.exit();
  daemon.child.kill('SIGTERM');
  const timer = setTimeout(() => daemon.child.kill('SIGKILL'), graceMs);
  await exit;
  clearTimeout(timer);
}

/** The API as it runs (src/cli/api.ts) as the engine user `api`, on free ports, ready when its /readyz says so. */
export async function spawnApi(
  env: Record<string, string> = {},
): Promise<{ child: ChildProcess; apiPort: number; opsPort: number }> {
  const [apiPort, opsPort] = [await freePort(), await freePort()];
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src', 'cli', 'api.ts')], {
    cwd: ROOT,
    env: {
      ...process.env,
      CAMUNDA_USER: API_USER,
      CAMUNDA_PASSWORD: process.env.TEST_API_PASSWORD!,
      LOG_LEVEL: 'silent',
      API_PORT: String(apiPort),
      API_OPS_PORT: String(opsPort),
      ...env,
    },
    stdio: 'ignore',
  });
  await waitFor('the API', async () => (await fetch(`http://127.0.0.1:${opsPort}/readyz`)).ok, 60_000, child);
  return { child, apiPort, opsPort };
}
