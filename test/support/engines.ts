import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deployModels } from '../../src/engine/deployment.js';
import { ADMIN_USER, devCredentials } from '../../src/stack/dev-credentials.js';
import { prepareEngine, startEngine, type EngineOptions, type Started } from '../../src/stack/stack.js';
import { API_USER, WORKER_USER } from '../../src/domain/roles.js';
import { loadPeople } from '../../src/config.js';
import { EngineAdmin } from './engine-admin.js';
import { applyPeople } from '../../src/engine/identity.js';
import { ensureRegistries } from './registries.js';
import { ROOT } from '../../src/paths.js';

/** The run's engine administrator (test/support/start-services.ts). */
export const testAdmin = () => ({
  user: process.env.CAMUNDA_ADMIN_USER!,
  password: process.env.CAMUNDA_ADMIN_PASSWORD!,
});

/**
 * Another engine of the same build for a test of its own (a restart, PostgreSQL, a second node), with
 * the run's administrator, people and passwords, so the run's `worker` and `api` logins work on it.
 */
export async function startTestEngine(
  options: Omit<EngineOptions, 'admin'>,
  { deploy = true } = {},
): Promise<Started & { admin: EngineAdmin }> {
  const engine = await startEngine({ ...options, admin: testAdmin() });
  const admin = new EngineAdmin(engine.url, testAdmin());
  await applyPeople(
    admin,
    loadPeople(join(ROOT, 'config', 'people.yaml')),
    process.env.ENGINE_PASSWORDS_DIR!,
    testAdmin().password,
  );
  if (deploy) await deployModels(admin);
  return { ...engine, admin };
}

/**
 * For the scripts that run outside jest (bench, chaos): credentials of their own, an engine started
 * with them and made ready, and the logins of the administrator, `api` and `worker` on it.
 */
export async function startStandaloneEngine(options: Omit<EngineOptions, 'admin'>) {
  await ensureRegistries();
  const credentials = await devCredentials(mkdtempSync(join(tmpdir(), 'ha-credentials-')));
  const admin = { user: ADMIN_USER, password: credentials.enginePassword(ADMIN_USER) };
  const engine = await startEngine({ ...options, admin });
  await prepareEngine(
    engine.url,
    admin,
    loadPeople(join(ROOT, 'config', 'people.yaml')),
    credentials.enginePasswordsDir,
  );
  // The daemon refuses to start without its secrets (the applicant key, the EDS CA and revocation list, the provider).
  const worker = {
    ...credentials.env,
    CAMUNDA_USER: WORKER_USER,
    CAMUNDA_PASSWORD: credentials.enginePassword(WORKER_USER),
  };
  return {
    ...engine,
    credentials,
    admin: new EngineAdmin(engine.url, admin),
    api: new EngineAdmin(engine.url, { user: API_USER, password: credentials.enginePassword(API_USER) }),
    /** The environment of a worker daemon acting as `worker`. */
    workerEnv: worker,
    /** Another node of the same engine (same database), same administrator. */
    startNode: (more: Omit<EngineOptions, 'admin'>) => startEngine({ ...more, admin }),
  };
}
