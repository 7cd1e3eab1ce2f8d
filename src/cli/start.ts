import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { DEFAULT_CAMUNDA_URL, loadPeople } from '../config.js';
import { API_USER, WORKER_USER } from '../domain/roles.js';
import { describeChanges } from '../engine/identity.js';
import { describeDeployment } from '../engine/deployment.js';
import { command } from './lib/main.js';
import { ADMIN_USER, devCredentials } from '../stack/dev-credentials.js';
import { DEV_CREDENTIALS_DIR } from '../paths.js';
import { engineMetricsUrl, hasPrometheus, startPrometheus } from '../stack/prometheus.js';
import { ensureRedis, prepareEngine, ROOT, startEngine, stopChild, waitFor, type Started } from '../stack/stack.js';

/**
 * `npm start`: the whole system on embedded defaults — the engine on H2 (data in .data/engine), Redis
 * (the machine's, or one started here with AOF in .data/redis), the engine's people and grants, the
 * deployment, the workers and the API, each acting as its own engine user. CAMUNDA_URL (with
 * CAMUNDA_ADMIN_USER / CAMUNDA_ADMIN_PASSWORD) / REDIS_URL use servers already running instead.
 * Ctrl-C stops what it started.
 */
const started: Started[] = [];
const children: ChildProcess[] = [];
const began = Date.now();
const say = (line: string) => console.log(`[start] ${line}`);

command(
  'npm start',
  'the whole system on embedded defaults: engine, Redis, the registries stand-in, deployment, workers and API',
).parse();

async function main() {
  // Local operators, provider identity, EDS CA and engine passwords, unless the environment names real ones.
  const credentials = await devCredentials(DEV_CREDENTIALS_DIR);
  const admin = {
    user: process.env.CAMUNDA_ADMIN_USER ?? ADMIN_USER,
    password: process.env.CAMUNDA_ADMIN_PASSWORD ?? credentials.enginePassword(ADMIN_USER),
  };
  const enginePort = Number(process.env.ENGINE_PORT ?? 8080);
  let camundaUrl = process.env.CAMUNDA_URL;
  if (!camundaUrl) {
    say(`starting the Camunda engine on 127.0.0.1:${enginePort} (H2 in .data/engine)…`);
    const engine = await startEngine({ port: enginePort, dataDir: join(ROOT, '.data', 'engine'), admin });
    started.push(engine);
    camundaUrl = engine.url;
  }
  const redis = await ensureRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', join(ROOT, '.data', 'redis'));
  started.push(redis);
  say(
    `redis at ${redis.url}${redis.child ? ` (started here, every write in its append-only file in .data/redis${redis.reason ? `: ${redis.reason}` : ''})` : ' (it keeps an append-only file)'}`,
  );

  const people = loadPeople(process.env.PEOPLE_FILE ?? join(ROOT, 'config', 'people.yaml'));
  const { identity, deployment } = await prepareEngine(camundaUrl, admin, people, credentials.enginePasswordsDir);
  for (const line of [...describeChanges(identity), ...describeDeployment(deployment)]) say(line);

  const env: NodeJS.ProcessEnv = {
    ...credentials.env,
    ...process.env,
    CAMUNDA_URL: camundaUrl,
    REDIS_URL: redis.url,
  };
  const asUser = (user: string) => ({
    CAMUNDA_USER: user,
    CAMUNDA_PASSWORD: credentials.enginePassword(user),
    CAMUNDA_PASSWORD_FILE: '',
  });
  const apiPort = Number(process.env.API_PORT ?? 3000);
  const node = (entry: string, extra: NodeJS.ProcessEnv) =>
    spawn(process.execPath, ['--import', 'tsx', join(ROOT, entry)], {
      cwd: ROOT,
      env: { ...env, ...extra },
      stdio: 'inherit',
    });
  // §11: without a real e-government gateway, our registries service answers for the development people.
  if (!process.env.STATE_GATEWAY_URL) {
    const port = Number(process.env.REGISTRIES_PORT ?? 8090);
    children.push(node('src/cli/registries.ts', { REGISTRIES_PORT: String(port) }));
    env.STATE_GATEWAY_URL = `http://127.0.0.1:${port}`;
    await waitFor('the registries service', async () => (await fetch(`${env.STATE_GATEWAY_URL}/healthz`)).ok, 30_000);
    say(
      `state registers (§11): the local registries stand-in at ${env.STATE_GATEWAY_URL} (config/state-registries.yaml)`,
    );
  }
  children.push(node('src/cli/workers.ts', asUser(WORKER_USER)));
  children.push(node('src/cli/api.ts', { ...asUser(API_USER), API_PORT: String(apiPort) }));
  for (const child of children)
    child.once('exit', (code) => {
      if (!stopping) {
        say(`a child process exited (code ${code}); stopping`);
        void stop(1);
      }
    });
  const apiOpsPort = Number(process.env.API_OPS_PORT ?? 9465);
  const workerOpsPort = Number(process.env.WORKER_METRICS_PORT ?? 9464);
  await waitFor('the API', async () => (await fetch(`http://127.0.0.1:${apiOpsPort}/readyz`)).ok, 60_000);
  // Prometheus when the machine has one (scripts/ensure-prometheus.sh): it scrapes what runs here and evaluates ops/alerts.yml.
  let prometheus = 'not on this machine (bash scripts/ensure-prometheus.sh installs it)';
  if (hasPrometheus()) {
    const port = Number(process.env.PROMETHEUS_PORT ?? 9090);
    try {
      const prom = await startPrometheus(port, join(ROOT, '.data', 'prometheus'), {
        camundaUrl,
        workers: [`127.0.0.1:${workerOpsPort}`],
        api: [`127.0.0.1:${apiOpsPort}`],
      });
      started.push(prom);
      prometheus = `${prom.url}/ (its alerts: ${prom.url}/api/v1/alerts; data and config in .data/prometheus)`;
    } catch (e) {
      prometheus = `did not start on 127.0.0.1:${port} (${(e as Error).message}); set PROMETHEUS_PORT`;
    }
  }

  const webapps = camundaUrl.replace(/\/engine-rest\/?$/, '/camunda/app');
  const login = (user: string) => `${user} / ${credentials.enginePassword(user)}`;
  const bostandyk = people.districts.bostandyk;
  say(`ready in ${((Date.now() - began) / 1000).toFixed(1)} s`);
  say(`API:      http://127.0.0.1:${apiPort}/applications  (OpenAPI: /openapi.json)`);
  if (!process.env.SERVICE_CENTRES_FILE)
    say(
      `operator of con-bostandyk: Authorization: ApiKey ${credentials.operatorKeys['con-bostandyk']}  (all centres: .data/credentials/operator-keys.json)`,
    );
  say(`Tasklist: ${webapps}/tasklist/`);
  say(
    `  Bostandyk commission secretary: ${login(bostandyk.commission[0])}; head: ${login(bostandyk.head)}; specialist: ${login(bostandyk.specialists[0])}`,
  );
  say(`Cockpit:  ${webapps}/cockpit/`);
  say(
    `  operator: ${login(people.operators[0])}; process analyst: ${login(people.analysts[0])}; administrator: ${admin.user} / ${process.env.CAMUNDA_ADMIN_PASSWORD ? '(CAMUNDA_ADMIN_PASSWORD)' : credentials.enginePassword(ADMIN_USER)}`,
  );
  say(`every engine login (one file per user): ${credentials.enginePasswordsDir}`);
  say(`engine REST (authenticated): ${camundaUrl}`);
  say(
    `in another shell, npm run sla-report logs in as ${people.operators[0]}, npm run deploy / amend as ${ADMIN_USER}, from that folder${camundaUrl === DEFAULT_CAMUNDA_URL ? '' : ` (with CAMUNDA_URL=${camundaUrl})`}; CAMUNDA_USER / CAMUNDA_PASSWORD set another login`,
  );
  say(
    `metrics: engine ${engineMetricsUrl(camundaUrl).href}; workers http://127.0.0.1:${workerOpsPort}/metrics; API http://127.0.0.1:${apiOpsPort}/metrics`,
  );
  say(`Prometheus: ${prometheus}`);
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
