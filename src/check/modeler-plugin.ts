import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { ROOT } from '../paths.js';
import { repositoryContext } from './bpmnlint-node.js';

/**
 * Builds the Modeler plugin's client bundle (modeler-plugin/dist/client.js, or into `outDir`): our rules
 * for the browser, with the repository's regulation, templates and forms built in.
 */
export async function buildModelerPlugin(outDir = join(ROOT, 'modeler-plugin', 'dist')): Promise<string> {
  const context = repositoryContext();
  mkdirSync(outDir, { recursive: true });
  const outfile = join(outDir, 'client.js');
  await build({
    entryPoints: [join(ROOT, 'modeler-plugin', 'client', 'client.ts')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    outfile,
    logLevel: 'warning',
    define: {
      __CONTEXT__: JSON.stringify({
        regulation: context.regulation,
        templates: [...(context.templates ?? [])],
        forms: context.forms ?? [],
      }),
    },
  });
  return outfile;
}
