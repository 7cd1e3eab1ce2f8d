import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { readModel } from './model-file.js';
import type { CheckContext, Finding } from './rule.js';
import { RULES } from './rules/index.js';
import { strandedTokens } from './versions.js';
import type { CamundaClient } from '../engine/camunda.js';

export interface FileReport {
  file: string;
  findings: Finding[];
  /** bpmnlint warnings: shown, not failing. */
  warnings: Finding[];
}

/**
 * Runs every rule on each diagram, and checks across them that every worker's topic is used; with an
 * engine, also which running instances each diagram would strand.
 */
export async function checkDiagrams(
  files: string[],
  context: CheckContext,
  options: { bpmnlint?: boolean; engine?: CamundaClient } = {},
): Promise<{ reports: FileReport[]; unusedWorkers: string[] }> {
  // bpmnlint is CommonJS over ESM packages: plain Node loads it, jest's module system cannot.
  const lint = options.bpmnlint === false ? null : (await import('./lint.js')).lint;
  const reports: FileReport[] = [];
  const usedTopics = new Set<string>();
  for (const file of files) {
    let model;
    try {
      model = await readModel(file);
    } catch (e) {
      reports.push({
        file,
        findings: [
          {
            rule: 'readable',
            element: file,
            message: `cannot read the diagram: ${(e as Error).message}`,
            fix: 'open and save it in Camunda Modeler',
          },
        ],
        warnings: [],
      });
      continue;
    }
    for (const e of model.elements.values()) if (e.topic) usedTopics.add(e.topic);
    const linted = lint ? await lint(model.root) : { errors: [], warnings: [] };
    const stranded = options.engine ? await strandedTokens(model, options.engine) : [];
    const withForms = { ...context, forms: context.forms ?? formsBeside(file) };
    reports.push({
      file,
      findings: [...RULES.flatMap((rule) => rule.check(model, withForms)), ...linted.errors],
      warnings: [...linted.warnings, ...stranded],
    });
  }
  return { reports, unusedWorkers: context.workerTopics.filter((t) => !usedTopics.has(t)) };
}

/** The ids of the Camunda Forms in the diagram's folder, which `npm run deploy` deploys with it. */
export function formsBeside(file: string): string[] {
  const dir = dirname(file);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.form'))
    .flatMap((f) => {
      try {
        const id = (JSON.parse(readFileSync(join(dir, f), 'utf8')) as { id?: unknown }).id;
        return typeof id === 'string' ? [id] : [];
      } catch {
        return [];
      }
    });
}

export function formatFinding(f: Finding): string {
  return `  ✗ ${f.element}${f.clause ? ` (${f.clause})` : ''} [${f.rule}]: ${f.message}\n    fix: ${f.fix}`;
}
