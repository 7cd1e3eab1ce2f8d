import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CamundaClient, type Deployment } from './camunda.js';
import { ROOT } from '../paths.js';

export const BPMN_DIR = join(ROOT, 'bpmn');
export const DEPLOYMENT_NAME = 'housing-assistance';

/** The diagrams and their forms; no .dmn, as the engine runs no decisions (dmnEnabled: false). */
export function modelFiles(dir = BPMN_DIR): Array<{ name: string; content: string }> {
  return readdirSync(dir)
    .filter((f) => /\.(bpmn|form)$/.test(f))
    .sort()
    .map((name) => ({ name, content: readFileSync(join(dir, name), 'utf8') }));
}

/**
 * Deploys the models and their forms together, so a user task's form (camunda:formRefBinding=
 * "deployment") is always beside it: nothing (null) when every file equals what the engine runs now,
 * all of them when one differs. Compared with the running version rather than by the engine's duplicate
 * filtering, which compares only with deployments of the same source: after a forced deployment, the
 * conforming diagram must become the running version again.
 */
export async function deployModels(engine: CamundaClient, dir = BPMN_DIR, source?: string): Promise<Deployment | null> {
  const files = modelFiles(dir);
  if (files.length === 0) throw new Error(`no .bpmn or .form files in ${dir}`);
  if (await runsAlready(engine, files)) return null;
  return engine.deploy(DEPLOYMENT_NAME, files, source);
}

/** True when the engine's latest version of every process in `files` was deployed from exactly these files. */
export async function runsAlready(
  engine: CamundaClient,
  files: Array<{ name: string; content: string }>,
): Promise<boolean> {
  const deployments = new Set<string>();
  for (const file of files.filter((f) => f.name.endsWith('.bpmn'))) {
    const key = /<bpmn:process id="([^"]+)"/.exec(file.content)?.[1];
    const [latest] = key ? await engine.processDefinitions(key) : [];
    if (!latest || (await engine.processDefinitionXml(latest.id)) !== file.content) return false;
    deployments.add(latest.deploymentId);
  }
  if (deployments.size !== 1) return false;
  const [deploymentId] = deployments;
  const deployed = await engine.deploymentResources(deploymentId);
  if (deployed.length !== files.length) return false;
  for (const file of files) {
    const resource = deployed.find((r) => r.name === file.name);
    if (!resource || (await engine.deploymentResource(deploymentId, resource.id)) !== file.content) return false;
  }
  return true;
}

export function describeDeployment(d: Deployment | null): string[] {
  const definitions = Object.values(d?.deployedProcessDefinitions ?? {});
  if (!d || definitions.length === 0)
    return ['nothing changed: the engine already runs every model and form as they are'];
  return definitions.map(
    (p) => `deployed ${p.name ?? p.key} (key ${p.key}) version ${p.version}, id ${p.id}, deployment ${d.id}`,
  );
}
