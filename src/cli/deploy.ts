import { readdirSync, readFileSync } from 'node:fs';
import { workersContext } from '../check/templates.js';
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
 * Deploys the models and their forms together, so a user task's form (camunda:formRefBinding=
 * "deployment") is always beside it: nothing (null) when every file equals what the engine runs now,
 * all of them when one differs. Compared with the running version rather than by the engine's duplicate
 * filtering, which compares only with deployments of the same source: after a forced deployment, the
 * conforming diagram must become the running version again.
 */
export async function deployModels(engine: CamundaClient, dir = BPMN_DIR, source?: string): Promise<Deployment | null> {
  const files = modelFiles(dir);
  if (files.length === 0) throw new Error(`no .bpmn, .dmn or .form files in ${dir}`);
  if (await runsAlready(engine, files)) return null;
  return engine.deploy(DEPLOYMENT_NAME, files, source);
}

/** True when the engine's latest version of every process in `files` was deployed from exactly these files. */
async function runsAlready(engine: CamundaClient, files: Array<{ name: string; content: string }>): Promise<boolean> {
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
  if (!d || definitions.length === 0) return ['nothing changed: the engine already runs every model and form as they are'];
  return definitions.map((p) => `deployed ${p.name ?? p.key} (key ${p.key}) version ${p.version}, id ${p.id}, deployment ${d.id}`);
}

const USAGE = `usage: npm run deploy -- [--identity] [--force "why"] [dir]
  checks every diagram of dir (default: bpmn/) against the regulation, the workers and bpmnlint, and
  deploys only when none has a finding (exit 1 otherwise, with the findings); --force "why" deploys
  anyway and records why in the deployment's source. Prints what changes against the version the
  engine runs now, and the running instances a change would strand. --identity first makes the
  engine's people and grants (npm run identity), as the administrator.`;

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { commandLine, runMain } = await import('./main.js');
  const { engineCredentials, loadRegulation } = await import('../config.js');
  const { applyPeople, describeChanges } = await import('../engine/identity.js');
  const { checkDiagrams, formatFinding } = await import('../check/check.js');
  const { changeReport, modelChanges } = await import('../check/changes.js');
  const { parseModel, readModel } = await import('./model.js');
  const { WORKERS } = await import('../../workers/all.js');
  const args = commandLine({ identity: { type: 'boolean' }, force: { type: 'string' } }, USAGE);
  const force = args.values.force?.trim();
  if (args.values.force !== undefined && !force) {
    console.error(`--force needs the reason, in words\n${USAGE}`);
    process.exit(2);
  }
  const dir = args.positionals[0] ?? BPMN_DIR;
  await runMain(async (config) => {
    const credentials = engineCredentials(config);
    const engine = new CamundaClient(config.CAMUNDA_URL, credentials);
    if (args.values.identity) {
      if (!config.ENGINE_PASSWORDS_DIR) throw new Error('--identity needs ENGINE_PASSWORDS_DIR: one password file per engine user');
      for (const line of describeChanges(await applyPeople(engine, config.people, config.ENGINE_PASSWORDS_DIR, credentials.password))) console.log(line);
    }
    const diagrams = readdirSync(dir).filter((f) => f.endsWith('.bpmn')).map((f) => join(dir, f));
    const { reports, unusedWorkers } = await checkDiagrams(diagrams, workersContext(WORKERS, loadRegulation(config.REGULATION_FILE)), { engine });
    const findings = reports.flatMap((r) => r.findings.map((f) => ({ file: r.file, f })));
    for (const { file, f } of findings) console.log(`✗ ${file}\n${formatFinding(f)}`);
    for (const t of unusedWorkers) console.log(`✗ no diagram uses the topic ${t}, which a worker listens on`);
    const problems = findings.length + unusedWorkers.length;
    if (problems && !force) {
      console.log(`refused: ${problems} finding(s) against the regulation and the workers. Fix them, or deploy anyway with --force "why".`);
      process.exitCode = 1;
      return;
    }
    if (problems) console.log(`deploying despite ${problems} finding(s), forced: ${force}`);
    for (const report of reports) {
      const model = await readModel(report.file);
      const [running] = await engine.processDefinitions(model.processId);
      const against = running ? `${running.key} version ${running.version}` : null;
      if (against) for (const line of changeReport(modelChanges(await parseModel(await engine.processDefinitionXml(running.id), against), model), against)) console.log(line);
      else console.log(`${model.processId}: not deployed yet`);
      for (const w of report.warnings) console.log(`  ! ${w.element} [${w.rule}]: ${w.message}\n    fix: ${w.fix}`);
    }
    const deployment = await deployModels(engine, dir, force ? `housing-assistance deploy --force: ${force.slice(0, 200)}` : undefined);
    for (const line of describeDeployment(deployment)) console.log(line);
  });
}
