import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CamundaClient, type Deployment } from '../engine/camunda.js';
import { ROOT } from '../paths.js';

export const BPMN_DIR = join(ROOT, 'bpmn');
export const DEPLOYMENT_NAME = 'housing-assistance';

export function modelFiles(dir = BPMN_DIR): Array<{ name: string; content: string }> {
  return readdirSync(dir)
    .filter((f) => /\.(bpmn|dmn|form)$/.test(f))
    .sort()
    .map((name) => ({ name, content: readFileSync(join(dir, name), 'utf8') }));
}

/**
 * Deploys the models and their forms together: nothing when none changed (duplicate filtering), all of
 * them when one did, so a user task's form (camunda:formRefBinding="deployment") is always beside it.
 */
export async function deployModels(engine: CamundaClient, dir = BPMN_DIR): Promise<Deployment> {
  const files = modelFiles(dir);
  if (files.length === 0) throw new Error(`no .bpmn, .dmn or .form files in ${dir}`);
  return engine.deploy(DEPLOYMENT_NAME, files, false);
}

export function describeDeployment(d: Deployment): string[] {
  const definitions = Object.values(d.deployedProcessDefinitions ?? {});
  if (definitions.length === 0) return ['nothing changed: every model is already deployed at its current version'];
  return definitions.map((p) => `deployed ${p.name ?? p.key} (key ${p.key}) version ${p.version}, id ${p.id}, deployment ${d.id}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { runMain } = await import('./main.js');
  const { engineCredentials } = await import('../config.js');
  const { applyPeople, describeChanges } = await import('../engine/identity.js');
  // `--identity`: first the engine's people and grants (npm run identity), as the administrator; compose's one-shot setup.
  const withIdentity = process.argv.includes('--identity');
  const dir = process.argv.slice(2).find((a) => !a.startsWith('--')) ?? BPMN_DIR;
  await runMain(async (config) => {
    const credentials = engineCredentials(config);
    const engine = new CamundaClient(config.CAMUNDA_URL, credentials);
    if (withIdentity) {
      if (!config.ENGINE_PASSWORDS_DIR) throw new Error('--identity needs ENGINE_PASSWORDS_DIR: one password file per engine user');
      for (const line of describeChanges(await applyPeople(engine, config.people, config.ENGINE_PASSWORDS_DIR, credentials.password))) console.log(line);
    }
    for (const line of describeDeployment(await deployModels(engine, dir))) console.log(line);
  });
}
