import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ROOT } from '../paths.js';
import type { Finding } from './rule.js';

/**
 * bpmnlint with bpmn/.bpmnlintrc (recommended rules + Camunda 7.24 compatibility). Our own plugin's
 * rules, which the file extends too, run here directly (src/check/rules), with their clause and fix.
 */
const requireHere = createRequire(join(ROOT, 'package.json'));
const { Linter } = requireHere('bpmnlint') as {
  Linter: new (options: object) => { lint(root: unknown): Promise<Record<string, Report[]>> };
};
const NodeResolver = requireHere('bpmnlint/lib/resolver/node-resolver.js') as new (options: object) => object;

interface Report {
  id?: string;
  message: string;
  category: 'error' | 'warn' | 'info' | 'rule-error';
}

export const LINT_CONFIG_FILE = join(ROOT, 'bpmn', '.bpmnlintrc');

export const OWN_PLUGIN = 'plugin:housing-assistance/';

export async function lint(root: unknown): Promise<{ errors: Finding[]; warnings: Finding[] }> {
  const config = JSON.parse(readFileSync(LINT_CONFIG_FILE, 'utf8')) as { extends: string[] };
  config.extends = config.extends.filter((e) => !e.startsWith(OWN_PLUGIN));
  const linter = new Linter({ config, resolver: new NodeResolver({ require: requireHere }) });
  const results = await linter.lint(root);
  const errors: Finding[] = [];
  const warnings: Finding[] = [];
  for (const [rule, reports] of Object.entries(results)) {
    for (const r of reports) {
      const finding = {
        rule: `bpmnlint/${rule}`,
        element: r.id ?? '(diagram)',
        message: r.message,
        fix: `see the bpmnlint rule ${rule}`,
      };
      (r.category === 'warn' || r.category === 'info' ? warnings : errors).push(finding);
    }
  }
  return { errors, warnings };
}
