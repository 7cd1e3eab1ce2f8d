import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { CamundaClient } from '../engine/camunda.js';
import { deployModels, describeDeployment } from './deploy.js';
import { devCredentials } from './dev-credentials.js';
import { ensureRedis, ROOT, startEngine, stopChild, waitFor, type Started } from './stack.js';

/**
 * `npm start`: the whole system on embedded defaults — the engine on H2 (data in .data/engine), Redis
 * (the machine's, or one started here with AOF in .data/redis), the deployment, the workers and the
 * API. CAMUNDA_URL / REDIS_URL use servers already running instead. Ctrl-C stops what it started.
 */
const started: Started[] = [];
const children: ChildProcess[] = [];
const began = Date.now();
const say = (line: string) => console.log(`[start] ${line}`);

async function main() {
  const enginePort = Number(process.env.ENGINE_PORT ?? 8080);
  let camundaUrl = process.env.CAMUNDA_URL;
  if (!camundaUrl) {
    say(`starting the Camunda engine on port ${enginePort} (H2 in .data/engine)…`);
    const engine = await startEngine({ port: enginePort, dataDir: join(ROOT, '.data', 'engine') });
    started.push(engine);
    camundaUrl = engine.url;
  }
  const redis = await ensureRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', join(ROOT, '.data', 'redis'));
  started.push(redis);
  say(`redis at ${redis.url}${redis.child ? ' (started here)' : ''}`);

  const engine = new CamundaClient(camundaUrl, { user: process.env.CAMUNDA_USER, password: process.env.CAMUNDA_PASSWORD });
  await waitFor('the engine', async () => !!(await engine.version()), 60_000);
  for (const line of describeDeployment(await deployModels(engine))) say(line);

  // Local operators, provider identity and EDS CA, unless the environment names real ones.
  const credentials = await devCredentials(join(ROOT, '.data', 'credentials'));
  const env = { ...credentials.env, ...process.env, CAMUNDA_URL: camundaUrl, REDIS_URL: redis.url };
  const apiPort = Number(process.env.API_PORT ?? 3000);
  const node = (entry: string, extra: NodeJS.ProcessEnv = {}) =>
    spawn(process.execPath, ['--import', 'tsx', join(ROOT, entry)], { cwd: ROOT, env: { ...env, ...extra }, stdio: 'inherit' });
  children.push(node('workers/index.ts'));
  children.push(node('src/api/server.ts', { API_PORT: String(apiPort) }));
  for (const child of children) child.once('exit', (code) => { if (!stopping) { say(`a child process exited (code ${code}); stopping`); void stop(1); } });
  await waitFor('the API', async () => (await fetch(`http://127.0.0.1:${apiPort}/readyz`)).ok, 60_000);

  const webapp = camundaUrl.replace(/\/engine-rest\/?$/, '/camunda/app/cockpit/');
  say(`ready in ${((Date.now() - began) / 1000).toFixed(1)} s`);
  say(`API:     http://127.0.0.1:${apiPort}/applications  (OpenAPI: /openapi.json)`);
  if (!process.env.SERVICE_CENTRES_FILE) say(`operator of con-bostandyk: Authorization: ApiKey ${credentials.operatorKeys['con-bostandyk']}  (all centres: .data/credentials/operator-keys.json)`);
  say(`Cockpit: ${webapp}  (login ${process.env.CAMUNDA_ADMIN_USER ?? 'demo'} / ${process.env.CAMUNDA_ADMIN_PASSWORD ? '(CAMUNDA_ADMIN_PASSWORD)' : 'demo'})`);
  say(`engine REST: ${camundaUrl}; worker metrics: http://127.0.0.1:${process.env.WORKER_METRICS_PORT ?? 9464}/metrics`);
  say('Ctrl-C stops everything started here.');
}

let stopping = false;
async function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  say('stopping…');
  await Promise.all(children.map((c) => stopChild(c, 20_000)));
  for (const s of started.reverse()) await s.stop();
  process.exit(code);
}

process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
main().catch((e: Error) => {
  console.error(`[start] failed: ${e.message}`);
  void stop(1);
});
