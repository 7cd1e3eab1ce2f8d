import { readdirSync } from 'node:fs';
import { workersContext } from '../check/templates.js';
import { join, resolve } from 'node:path';
import { checkDiagrams, formatFinding } from '../check/check.js';
import { loadConfig, loadRegulation, REGULATION_FILE } from '../config.js';
import type { CamundaClient } from '../engine/camunda.js';
import { WORKERS } from '../../workers/all.js';
import { BPMN_DIR } from '../engine/deployment.js';
import { engineFor } from './lib/engine-login.js';
import { command } from './lib/main.js';

const program = command(
  'npm run check:bpmn --',
  'checks each diagram against the regulation and the workers; exits 1 on any finding. Unless --offline, also asks the engine at CAMUNDA_URL which running instances a changed diagram would strand.',
)
  .argument('[diagrams...]', 'the diagrams (default: bpmn/*.bpmn)')
  .option('--regulation <file.yaml>', 'the regulation (default: bpmn/regulation.yaml)')
  .option('--offline', 'do not ask the engine')
  .parse();
const args = { values: program.opts<{ regulation?: string; offline?: boolean }>(), positionals: program.args };

let regulation;
try {
  regulation = loadRegulation(args.values.regulation ? resolve(args.values.regulation) : REGULATION_FILE);
} catch (e) {
  console.error((e as Error).message);
  process.exit(2);
}

const files = args.positionals.length
  ? args.positionals.map((f) => resolve(f))
  : readdirSync(BPMN_DIR)
      .filter((f) => f.endsWith('.bpmn'))
      .map((f) => join(BPMN_DIR, f));
let engine: CamundaClient | undefined;
if (!args.values.offline) {
  const config = loadConfig();
  engine = await engineFor(config, 'analyst', 'npm run check:bpmn', 5_000).then(
    (e) => e.engine,
    (e: Error) => {
      console.log(`· ${e.message}; running instances not checked (see --offline)`);
      return undefined;
    },
  );
}
const { reports, unusedWorkers } = await checkDiagrams(files, workersContext(WORKERS, regulation), { engine });

let errors = 0;
for (const { file, findings, warnings } of reports) {
  console.log(
    findings.length ? `✗ ${file}: ${findings.length} finding(s)` : `✓ ${file}: matches the regulation and the workers`,
  );
  for (const f of findings) console.log(formatFinding(f));
  for (const w of warnings) console.log(`  ! ${w.element} [${w.rule}]: ${w.message} (warning)\n    fix: ${w.fix}`);
  errors += findings.length;
}
if (unusedWorkers.length) {
  console.log(`✗ workers whose topic no diagram uses: ${unusedWorkers.join(', ')}`);
  errors += unusedWorkers.length;
}
process.exit(errors ? 1 : 0);
