import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { elementTemplates, TEMPLATE_DIR } from '../check/templates.js';
import { loadRegulation } from '../config.js';
import { ROOT } from '../paths.js';
import { WORKERS } from '../../workers/all.js';
import { command } from './lib/main.js';

const values = command(
  'npm run templates --',
  `writes one Camunda 7 element template per worker topic to ${TEMPLATE_DIR}/ (Modeler's template catalogue for this folder), made from the workers' definitions`,
)
  .option('--check', 'only compare: exit 1 when a template is missing, stale or left over')
  .parse()
  .opts<{ check?: boolean }>();
const dir = join(ROOT, TEMPLATE_DIR);
const wanted = elementTemplates(WORKERS, loadRegulation());
const text = (t: unknown) => `${JSON.stringify(t, null, 2)}\n`;
const existing = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')) : [];
const stale = [...wanted]
  .filter(([file, t]) => !existing.includes(file) || readFileSync(join(dir, file), 'utf8') !== text(t))
  .map(([file]) => file);
const leftOver = existing.filter((f) => !wanted.has(f));

if (values.check) {
  for (const f of stale)
    console.error(`✗ ${TEMPLATE_DIR}/${f} is missing or differs from its worker: run npm run templates`);
  for (const f of leftOver) console.error(`✗ ${TEMPLATE_DIR}/${f} has no worker`);
  if (stale.length || leftOver.length) process.exit(1);
  console.log(`✓ ${wanted.size} element templates match the workers`);
} else {
  mkdirSync(dir, { recursive: true });
  for (const [file, t] of wanted) writeFileSync(join(dir, file), text(t));
  for (const f of leftOver) console.log(`note: ${TEMPLATE_DIR}/${f} has no worker; delete it if it is ours`);
  console.log(`wrote ${wanted.size} element templates to ${TEMPLATE_DIR}/ (${stale.length} changed)`);
}
