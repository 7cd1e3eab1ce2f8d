import StaticResolver from 'bpmnlint/lib/resolver/static-resolver';
import { bpmnlintRules, recommended } from '../../src/check/bpmnlint.js';
import { regulationSchema } from '../../src/domain/regulation.js';
import type { ElementTemplate } from '../../src/check/templates.js';

/**
 * The client part of the Modeler plugin: bpmnlint-plugin-housing-assistance's rules, with the
 * regulation, the workers' templates and the forms built in (esbuild defines __CONTEXT__), registered
 * as `lintRules.bpmn` the way camunda-modeler-plugin-helpers' registerClientPlugin does.
 */
declare const __CONTEXT__: { regulation: unknown; templates: Array<[string, ElementTemplate]>; forms: string[] };

const templates = new Map(__CONTEXT__.templates);
const rules = bpmnlintRules({
  regulation: regulationSchema.parse(__CONTEXT__.regulation),
  workerTopics: [...templates.keys()],
  templates,
  forms: __CONTEXT__.forms,
});
const PLUGIN = 'bpmnlint-plugin-housing-assistance';
const cache: Record<string, unknown> = { [`config:${PLUGIN}/recommended`]: recommended };
for (const [id, rule] of Object.entries(rules)) cache[`rule:${PLUGIN}/${id}`] = rule;

const lintRules = {
  config: { rules: Object.fromEntries(Object.keys(rules).map((id) => [`housing-assistance/${id}`, 'error'])) },
  resolver: new StaticResolver(cache),
};

const w = globalThis as unknown as { plugins?: Array<{ plugin: unknown; type: string }> };
(w.plugins ??= []).push({ plugin: lintRules, type: 'lintRules.bpmn' });
