import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadRegulation } from '../config.js';
import { ROOT } from '../paths.js';
import { bpmnlintRules } from './bpmnlint.js';
import { formsBeside } from './check.js';
import { TEMPLATE_DIR, type ElementTemplate } from './templates.js';
import type { CheckContext } from './rule.js';

/**
 * What the rules know outside the diagram, read from the repository's files (as the Modeler plugin's
 * bundle has them built in): bpmn/regulation.yaml, the workers' templates, the forms beside the diagrams.
 */
export function repositoryContext(root = ROOT): CheckContext {
  const dir = join(root, TEMPLATE_DIR);
  const templates = new Map<string, ElementTemplate>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    const template = JSON.parse(readFileSync(join(dir, file), 'utf8')) as ElementTemplate;
    const topic = template.properties.find((p) => p.binding.name === 'camunda:topic')?.value;
    if (topic) templates.set(topic, template);
  }
  return {
    regulation: loadRegulation(join(root, 'bpmn', 'regulation.yaml')),
    workerTopics: [...templates.keys()],
    templates,
    forms: formsBeside(join(root, 'bpmn', 'housing-assistance.bpmn')),
  };
}

let rules: ReturnType<typeof bpmnlintRules> | undefined;
/** The rules with the repository's context, made once per process. */
export const nodeRules = () => (rules ??= bpmnlintRules(repositoryContext()));
