import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
import {
  contractFingerprint,
  elementTemplates,
  readTemplateVersions,
  TEMPLATE_DIR,
  TEMPLATE_VERSIONS_FILE,
  templateVersion,
  type TemplateVersions,
} from '../check/templates.js';
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
const recorded = readTemplateVersions();
// A worker whose contract changed since its version was recorded gets the next version.
const versions: TemplateVersions = Object.fromEntries(
  WORKERS.map((w) => [w.topic, { version: templateVersion(w, recorded), contract: contractFingerprint(w) }]),
);
const bumped = WORKERS.filter((w) => recorded[w.topic]?.contract !== versions[w.topic].contract);
const wanted = elementTemplates(WORKERS, loadRegulation(), versions);
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
  for (const w of bumped)
    console.error(
      `✗ the contract of ${w.topic} changed since ${TEMPLATE_VERSIONS_FILE} recorded it: run npm run templates (its template goes to version ${versions[w.topic].version})`,
    );
  if (stale.length || leftOver.length || bumped.length) process.exit(1);
  console.log(`✓ ${wanted.size} element templates match the workers`);
} else {
  mkdirSync(dir, { recursive: true });
  for (const [file, t] of wanted) writeFileSync(join(dir, file), text(t));
  writeFileSync(
    join(ROOT, TEMPLATE_VERSIONS_FILE),
    `# Written by npm run templates: each worker's template version and the fingerprint of the contract it was made for.\n${YAML.stringify(versions)}`,
  );
  for (const w of bumped)
    console.log(`${w.topic}: its contract changed, template version ${versions[w.topic].version}`);
  for (const f of leftOver) console.log(`note: ${TEMPLATE_DIR}/${f} has no worker; delete it if it is ours`);
  console.log(`wrote ${wanted.size} element templates to ${TEMPLATE_DIR}/ (${stale.length} changed)`);
}
