import { buildSync } from 'esbuild';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadRegulation } from '../config.js';
import { ROOT } from '../paths.js';
import { cockpitLimits } from './limits.js';

/** Where the engine's jar serves Cockpit's files from (app/cockpit/ under the webapp's root). */
const COCKPIT_DIR = join(
  ROOT,
  'engine',
  'src',
  'main',
  'resources',
  'META-INF',
  'resources',
  'webjars',
  'camunda',
  'app',
  'cockpit',
);
/** The plugin's generated files (not committed: .gitignore); scripts/config.js names plugin.js. */
export const COCKPIT_PLUGIN_DIR = join(COCKPIT_DIR, 'housing-deadlines');

/** Writes only what changed, so that the engine is rebuilt only when the regulation or the plugin did. */
function writeIfChanged(file: string, text: string): boolean {
  if (existsSync(file) && readFileSync(file, 'utf8') === text) return false;
  writeFileSync(file, text);
  return true;
}

/**
 * The Cockpit plugin into the engine's resources: the limits from bpmn/regulation.yaml as JSON, and the
 * plugin bundled with the domain's functions (the same deadline rule as the status API and the SLA report).
 * Returns whether a file changed.
 */
export function buildCockpitPlugin(regulation = loadRegulation(), dir = COCKPIT_PLUGIN_DIR): boolean {
  mkdirSync(dir, { recursive: true });
  const bundle = buildSync({
    entryPoints: [join(ROOT, 'src', 'cockpit', 'plugin.ts')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2020',
    minify: true,
    legalComments: 'none',
    write: false,
  });
  const limits = writeIfChanged(join(dir, 'limits.json'), `${JSON.stringify(cockpitLimits(regulation), null, 2)}\n`);
  const plugin = writeIfChanged(join(dir, 'plugin.js'), bundle.outputFiles[0].text);
  return limits || plugin;
}
