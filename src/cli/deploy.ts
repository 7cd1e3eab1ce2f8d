import { BPMN_DIR, deployModels, describeDeployment } from '../engine/deployment.js';
import { engineFor } from './lib/engine-login.js';
import { command, runMain } from './lib/main.js';
import { loadRegulation } from '../config.js';
import { applyPeople, describeChanges } from '../engine/identity.js';
import { checkBeforeDeploy } from '../check/before-deploy.js';

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
  const { engine, login } = await engineFor(config, 'administrator', 'npm run deploy');
  if (args.values.identity) {
    if (!config.ENGINE_PASSWORDS_DIR)
      throw new Error('--identity needs ENGINE_PASSWORDS_DIR: one password file per engine user');
    for (const line of describeChanges(
      await applyPeople(engine, config.people, config.ENGINE_PASSWORDS_DIR, login.password),
    ))
      console.log(line);
  }
  const { problems, lines } = await checkBeforeDeploy(engine, dir, loadRegulation(config.REGULATION_FILE));
  if (problems && !force) {
    for (const line of lines.filter((l) => l.startsWith('✗'))) console.log(line);
    console.log(
      `refused: ${problems} finding(s) against the regulation and the workers. Fix them, or deploy anyway with --force "why".`,
    );
    process.exitCode = 1;
    return;
  }
  if (problems) console.log(`deploying despite ${problems} finding(s), forced: ${force}`);
  for (const line of lines) console.log(line);
  const deployment = await deployModels(
    engine,
    dir,
    force ? `housing-assistance deploy --force: ${force.slice(0, 200)}` : undefined,
  );
  for (const line of describeDeployment(deployment)) console.log(line);
});
