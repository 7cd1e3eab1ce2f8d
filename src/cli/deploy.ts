import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CamundaClient, type Deployment } from '../engine/camunda.js';
import { ROOT } from '../paths.js';

export const BPMN_DIR = join(ROOT, 'bpmn');
export const DEPLOYMENT_NAME = 'housing-assistance';

export function modelFiles(dir = BPMN_DIR): Array<{ name: string; content: string }> {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.bpmn') || f.endsWith('.dmn'))
    .sort()
    .map((name) => ({ name, content: readFileSync(join(dir, name), 'utf8') }));
}

/** Deploys the models; the engine keeps unchanged ones at their version (duplicate filtering). */
export async function deployModels(engine: CamundaClient, dir = BPMN_DIR): Promise<Deployment> {
  const files = modelFiles(dir);
  if (files.length === 0) throw new Error(`no .bpmn or .dmn files in ${dir}`);
  return engine.deploy(DEPLOYMENT_NAME, files, true);
}

export function describeDeployment(d: Deployment): string[] {
  const definitions = Object.values(d.deployedProcessDefinitions ?? {});
  if (definitions.length === 0) return ['nothing changed: every model is already deployed at its current version'];
  return definitions.map((p) => `deployed ${p.name ?? p.key} (key ${p.key}) version ${p.version}, id ${p.id}, deployment ${d.id}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { runMain } = await import('./main.js');
  await runMain(async (config) => {
    const engine = new CamundaClient(config.CAMUNDA_URL, { user: config.CAMUNDA_USER, password: config.CAMUNDA_PASSWORD });
    const deployment = await deployModels(engine, process.argv[2] ?? BPMN_DIR);
    for (const line of describeDeployment(deployment)) console.log(line);
  });
}
