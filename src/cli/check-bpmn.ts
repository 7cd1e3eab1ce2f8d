import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { checkDiagrams, formatFinding } from '../check/check.js';
import { WORKERS } from '../../workers/all.js';
import { BPMN_DIR } from './deploy.js';

/** `npm run check:bpmn [file.bpmn …]`: the diagrams against the regulation and the workers; exit 1 on any finding. */
const files = process.argv.slice(2).length
  ? process.argv.slice(2).map((f) => resolve(f))
  : readdirSync(BPMN_DIR).filter((f) => f.endsWith('.bpmn')).map((f) => join(BPMN_DIR, f));
const { reports, unusedWorkers } = await checkDiagrams(files, { workerTopics: WORKERS.map((w) => w.topic) });
let errors = 0;
for (const { file, findings, warnings } of reports) {
  console.log(findings.length ? `✗ ${file}: ${findings.length} finding(s)` : `✓ ${file}: matches the regulation and the workers`);
  for (const f of findings) console.log(formatFinding(f));
  for (const w of warnings) console.log(`  ! ${w.element} [${w.rule}]: ${w.message} (warning)`);
  errors += findings.length;
}
if (unusedWorkers.length) {
  console.log(`✗ workers whose topic no diagram uses: ${unusedWorkers.join(', ')}`);
  errors += unusedWorkers.length;
}
process.exit(errors ? 1 : 0);
