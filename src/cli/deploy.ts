import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { workersContext } from '../check/templates.js';
import { CamundaClient } from '../engine/camunda.js';
import { BPMN_DIR, deployModels, describeDeployment } from '../engine/deployment.js';
import { command, runMain } from './lib/main.js';
import { engineCredentials, loadRegulation } from '../config.js';
import { applyPeople, describeChanges } from '../engine/identity.js';
import { checkDiagrams, formatFinding } from '../check/check.js';
import { changeReport, modelChanges } from '../check/changes.js';
import { parseModel, readModel } from '../check/model-file.js';
import { WORKERS } from '../../workers/all.js';

const program = command(
  'npm run deploy --',
  'checks every diagram of dir against the regulation, the workers and bpmnlint, and deploys only when none has a finding (exit 1 otherwise, with the findings). Prints what changes against the version the engine runs now, and the running instances a change would strand.',
)
  .argument('[dir]', 'the folder of diagrams and forms', BPMN_DIR)
  .option('--identity', "first make the engine's people and grants (npm run identity), as the administrator")
  .option('--force <why>', "deploy despite findings, recording why in the deployment's source")
  .parse();
const args = { values: program.opts<{ identity?: boolean; force?: string }>(), positionals: program.args };
const force = args.values.force?.trim();
if (args.values.force !== undefined && !force) {
  console.error('--force needs the reason, in words');
  process.exit(2);
}
const dir = args.positionals[0] ?? BPMN_DIR;
await runMain(async (config) => {
  const credentials = engineCredentials(config);
  const engine = new CamundaClient(config.CAMUNDA_URL, credentials);
  if (args.values.identity) {
    if (!config.ENGINE_PASSWORDS_DIR)
      throw new Error('--identity needs ENGINE_PASSWORDS_DIR: one password file per engine user');
    for (const line of describeChanges(
      await applyPeople(engine, config.people, config.ENGINE_PASSWORDS_DIR, credentials.password),
    ))
      console.log(line);
  }
  const diagrams = readdirSync(dir)
    .filter((f) => f.endsWith('.bpmn'))
    .map((f) => join(dir, f));
  const { reports, unusedWorkers } = await checkDiagrams(
    diagrams,
    workersContext(WORKERS, loadRegulation(config.REGULATION_FILE)),
    {
      engine,
    },
  );
  const findings = reports.flatMap((r) => r.findings.map((f) => ({ file: r.file, f })));
  for (const { file, f } of findings) console.log(`✗ ${file}\n${formatFinding(f)}`);
  for (const t of unusedWorkers) console.log(`✗ no diagram uses the topic ${t}, which a worker listens on`);
  const problems = findings.length + unusedWorkers.length;
  if (problems && !force) {
    console.log(
      `refused: ${problems} finding(s) against the regulation and the workers. Fix them, or deploy anyway with --force "why".`,
    );
    process.exitCode = 1;
    return;
  }
  if (problems) console.log(`deploying despite ${problems} finding(s), forced: ${force}`);
  for (const report of reports) {
    const model = await readModel(report.file);
    const [running] = await engine.processDefinitions(model.processId);
    const against = running ? `${running.key} version ${running.version}` : null;
    if (against)
      for (const line of changeReport(
        modelChanges(await parseModel(await engine.processDefinitionXml(running.id), against), model),
        against,
      ))
        console.log(line);
    else console.log(`${model.processId}: not deployed yet`);
    for (const w of report.warnings) console.log(`  ! ${w.element} [${w.rule}]: ${w.message}\n    fix: ${w.fix}`);
  }
  const deployment = await deployModels(
    engine,
    dir,
    force ? `housing-assistance deploy --force: ${force.slice(0, 200)}` : undefined,
  );
  for (const line of describeDeployment(deployment)) console.log(line);
});
