/**
 * `npm run chaos`: 1000 applications while worker replicas are SIGKILLed every few seconds and
 * restarted. Asserts 0 lost, 0 duplicated side effects, 0 stuck. Runs its own engine on a fresh
 * PostgreSQL database and uses a Redis key prefix of its own.
 */
import { Intake } from '../../src/api/intake.js';
import { ensureRedis, freePort } from '../../src/stack/stack.js';
import { startStandaloneEngine } from '../support/engines.js';
import { createLogger } from '../../src/platform/logger.js';
import { connectRedis } from '../../src/store/redis.js';
import { Applications } from '../../src/store/applications.js';
import { killDaemon, spawnDaemon, stopDaemon, type Daemon } from '../support/daemon.js';
import { audit, submitLoad } from '../support/load.js';
import { frontDesk } from '../support/front-desk.js';
import { simulatedMember } from '../support/simulated-member.js';
import { createDatabase } from '../support/postgres.js';
import { deleteKeysWithPrefix } from '../support/redis-cleanup.js';

const N = Number(process.env.CHAOS_APPLICATIONS ?? 1000);
const REPLICAS = 2;
const KILL_EVERY_MS = Number(process.env.CHAOS_KILL_EVERY_MS ?? 3000);
const TIMEOUT_MS = Number(process.env.CHAOS_TIMEOUT_MS ?? 15 * 60_000);
const say = (line: string) => process.stdout.write(`[chaos] ${line}\n`);

const database = createDatabase(`camunda_chaos_${process.pid}`);
const engine = await startStandaloneEngine({ port: await freePort(), db: database });
const redisService = await ensureRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
const prefix = `chaos:${Date.now()}:`;
const redis = connectRedis(redisService.url, prefix);
const camunda = engine.admin;
const daemons: Daemon[] = [];
let kills = 0;
let failed = true;

try {
  const env = {
    ...engine.workerEnv,
    CAMUNDA_URL: engine.url,
    REDIS_URL: redisService.url,
    REDIS_PREFIX: prefix,
    WORKER_LOCK_MS: '5000',
    WORKER_LONG_POLL_MS: '2000',
    LOG_LEVEL: 'warn',
  };
  for (let i = 0; i < REPLICAS; i++) daemons.push(await spawnDaemon(env));
  say(`engine ${engine.url} on PostgreSQL, ${REPLICAS} worker replicas, killing one every ~${KILL_EVERY_MS} ms`);

  let killing = true;
  const killer = (async () => {
    while (killing) {
      await new Promise((r) => setTimeout(r, KILL_EVERY_MS * (0.5 + Math.random())));
      if (!killing) break;
      const victim = Math.floor(Math.random() * daemons.length);
      await killDaemon(daemons[victim]);
      kills += 1;
      daemons[victim] = await spawnDaemon(env);
    }
  })();

  const started = Date.now();
  const desk = frontDesk(camunda);
  // Step 4 is the commission's (§10): a member of each district decides through the engine's task API.
  const member = simulatedMember({ url: engine.url, passwordsDir: engine.credentials.enginePasswordsDir });
  const apps = await submitLoad(new Intake(redis, engine.api, createLogger('chaos', 'silent')), N, 20, (n) => {
    if (n % 100 === 0) say(`submitted ${n}/${N}`);
  });
  const ids = new Set(await new Applications(redis).pendingStarts());
  if (ids.size) say(`${ids.size} applications wait for their process; starting them`);

  const ended = new Set<string>();
  while (Date.now() - started < TIMEOUT_MS) {
    const finished = await camunda.historicProcessInstances({ processDefinitionKey: 'housing-assistance' });
    for (const p of finished) if (p.state === 'COMPLETED') ended.add(p.id);
    const incidents = await camunda.incidents({});
    say(
      `${ended.size}/${N} ended, ${kills} replicas killed, ${incidents.length} incidents, ${((Date.now() - started) / 1000).toFixed(0)} s`,
    );
    if (ended.size >= N) break;
    await new Promise((r) => setTimeout(r, 2_000));
  }
  killing = false;
  desk.stop();
  const decided = await member.stop();
  await killer;

  const result = await audit(redis, apps, ended);
  const incidents = await camunda.incidents({});
  const seconds = (Date.now() - started) / 1000;
  console.table({
    applications: N,
    'replicas killed (SIGKILL)': kills,
    'decided by the commission (simulated member)': decided,
    seconds: Number(seconds.toFixed(1)),
    lost: result.lost.length,
    stuck: result.stuck.length,
    'wrong outcome': result.wrongOutcome.length,
    'duplicated registrations': result.duplicatedRegistrations,
    'duplicated notifications/receipts': result.duplicatedDeliveries,
    'counter mismatches': result.counterMismatches.length,
    incidents: incidents.length,
  });
  failed =
    result.lost.length +
      result.stuck.length +
      result.wrongOutcome.length +
      result.duplicatedRegistrations +
      result.duplicatedDeliveries +
      result.counterMismatches.length +
      incidents.length >
    0;
  say(
    failed
      ? `FAILED ${JSON.stringify({ ...result, incidents: incidents.slice(0, 3) }).slice(0, 2000)}`
      : `0 lost, 0 duplicated, 0 stuck across ${N} applications and ${kills} kills`,
  );
} finally {
  for (const d of daemons) await stopDaemon(d);
  await deleteKeysWithPrefix(redisService.url, prefix);
  await redis.quit();
  await engine.stop();
  await redisService.stop();
  database.drop();
}
process.exit(failed ? 1 : 0);
