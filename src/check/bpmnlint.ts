import { modelOf } from './model.js';
import type { CheckContext } from './rule.js';
import { RULES } from './rules/index.js';

/** bpmnlint's view of a rule: a factory whose `check` sees every node and reports on element ids. */
export type BpmnlintRule = () => {
  check(node: { $type: string }, reporter: { report(id: string, message: string): void }): void;
};

/**
 * Our rules as bpmnlint rules (bpmnlint-plugin-housing-assistance), for `npx bpmnlint` and for the
 * Modeler plugin: each reads the whole diagram once, at its definitions, with the regulation and the
 * workers' templates of `context`.
 */
export function bpmnlintRules(context: CheckContext): Record<string, BpmnlintRule> {
  return Object.fromEntries(
    RULES.map((rule) => [
      rule.id,
      () => ({
        check(node: { $type: string }, reporter: { report(id: string, message: string): void }) {
          if (node.$type !== 'bpmn:Definitions') return;
          let findings;
          try {
            findings = rule.check(modelOf(node, 'the diagram'), context);
          } catch (e) {
            reporter.report((node as { id?: string }).id ?? 'Definitions', (e as Error).message);
            return;
          }
          for (const f of findings)
            reporter.report(f.element, `${f.clause ? `${f.clause}: ` : ''}${f.message} (fix: ${f.fix})`);
        },
      }),
    ]),
  );
}

/** The plugin's `recommended` config: every rule an error. */
export const recommended = { rules: Object.fromEntries(RULES.map((r) => [r.id, 'error'])) };
