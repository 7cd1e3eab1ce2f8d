import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { regulationTable, TABLE_PAGE, tableProblems, withTable } from '../check/regulation-table.js';
import { loadRegulation } from '../config.js';
import { ROOT } from '../paths.js';
import { command } from './lib/main.js';

const values = command(
  'npm run regulation-table --',
  "writes the table of the regulation in docs/analysts.md (each clause's citation, element, worker or Tasklist group, limit and tests) from bpmn/regulation.yaml",
)
  .option('--check', 'only compare: exit 1 when the page differs or a named test does not test the step')
  .parse()
  .opts<{ check?: boolean }>();

const file = join(ROOT, TABLE_PAGE);
const page = readFileSync(file, 'utf8');
const regulation = loadRegulation();
const problems = tableProblems(regulation, ROOT);
for (const p of problems) console.error(`✗ ${p}`);
const wanted = withTable(page, regulationTable(regulation));
if (values.check) {
  if (wanted !== page)
    console.error(`✗ ${TABLE_PAGE}: the table of the regulation differs: run npm run regulation-table`);
  if (problems.length || wanted !== page) process.exit(1);
  console.log(`✓ ${TABLE_PAGE}: the table of the regulation matches bpmn/regulation.yaml`);
} else {
  writeFileSync(file, wanted);
  console.log(
    `wrote the table of the regulation to ${TABLE_PAGE}${problems.length ? ` (${problems.length} problems above)` : ''}`,
  );
  if (problems.length) process.exit(1);
}
