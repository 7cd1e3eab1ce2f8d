import type { ZodType } from 'zod';
import type { Regulation } from '../domain/regulation.js';
import type { WorkerDefinition } from '../runtime/worker.js';

/**
 * Camunda 7 element templates (@camunda/element-templates-json-schema) made from the workers' own
 * definitions, one per topic: Modeler's catalogue offers each step with its topic fixed, and shows
 * what the worker reads and writes. Written to .camunda/element-templates/ by `npm run templates`.
 */
export const TEMPLATE_SCHEMA = 'https://unpkg.com/@camunda/element-templates-json-schema/resources/schema.json';
export const TEMPLATE_DIR = '.camunda/element-templates';
export const templateId = (topic: string) => `kz.almaty.housing-assistance.${topic}`;

/** Variables the diagram maps into the task (the breach recorder's `breachedElement`), rather than the worker fetching process variables. */
const MAPPED_INPUTS: Record<string, readonly string[]> = { 'deadline-breach': ['breachedElement'] };

/** A template's version goes up when its contract changes. deadline-breach 2: no `limit` input, the worker reads the regulation's. */
const TEMPLATE_VERSIONS: Record<string, number> = { 'deadline-breach': 2 };

export interface TemplateProperty {
  label?: string;
  description?: string;
  type: 'Hidden' | 'String' | 'Text';
  value?: string;
  editable?: boolean;
  group?: string;
  constraints?: { notEmpty: boolean };
  binding: { type: 'property' | 'camunda:property' | 'camunda:inputParameter'; name: string };
}

export interface ElementTemplate {
  $schema: string;
  name: string;
  id: string;
  version: number;
  description: string;
  appliesTo: string[];
  groups: Array<{ id: string; label: string }>;
  properties: TemplateProperty[];
}

/** The properties the template fixes (not editable), which a bound task must carry as they are. */
export const fixedProperties = (t: ElementTemplate) =>
  t.properties.filter((p) => p.editable === false || p.type === 'Hidden');

export function elementTemplate(worker: WorkerDefinition, regulation: Regulation): ElementTemplate {
  const mapped = MAPPED_INPUTS[worker.topic] ?? [];
  const shape = worker.input?.shape ?? {};
  const reads = Object.keys(shape)
    .filter((name) => !mapped.includes(name))
    .map((name) => `${name}${(shape[name] as ZodType).safeParse(undefined).success ? ' (optional)' : ''}`);
  const writes = Object.keys(worker.outputs ?? {});
  const errors = Object.keys(worker.errors ?? {});
  const steps = regulation.steps.filter((s) => s.topic === worker.topic);
  const what = steps.map((s) => s.what);
  // A worker no step of this regulation names still gets a template; the rules report the missing step.
  const clause = [...new Set(steps.map((s) => s.cite))].join('; ') || worker.clause || 'no clause of this regulation';
  const fixed = (label: string, name: string, value: string, description?: string): TemplateProperty => ({
    label,
    ...(description ? { description } : {}),
    type: 'String',
    value,
    editable: false,
    group: 'worker',
    binding: { type: 'camunda:property', name },
  });
  return {
    $schema: TEMPLATE_SCHEMA,
    name: worker.title,
    id: templateId(worker.topic),
    version: TEMPLATE_VERSIONS[worker.topic] ?? 1,
    description: `${clause}: ${what.join('; ') || worker.title}`,
    appliesTo: ['bpmn:ServiceTask'],
    groups: [
      { id: 'worker', label: `Worker (topic ${worker.topic})` },
      ...(mapped.length ? [{ id: 'inputs', label: 'Inputs' }] : []),
    ],
    properties: [
      { type: 'Hidden', value: 'external', binding: { type: 'property', name: 'camunda:type' } },
      {
        label: 'Topic',
        type: 'String',
        value: worker.topic,
        editable: false,
        group: 'worker',
        binding: { type: 'property', name: 'camunda:topic' },
      },
      fixed('Clause', 'clause', clause),
      ...(reads.length ? [fixed('Reads process variables', 'reads', reads.join(', '))] : []),
      ...(writes.length
        ? [
            fixed(
              'Sets process variables',
              'writes',
              writes.join(', '),
              writes.map((w) => `${w}: ${worker.outputs![w]}`).join('; '),
            ),
          ]
        : []),
      ...(errors.length
        ? [
            fixed(
              'Throws BPMN errors',
              'errors',
              errors.join(', '),
              errors.map((e) => `${e}: ${worker.errors![e]}`).join('; '),
            ),
          ]
        : []),
      ...(worker.lockDurationMs ? [fixed('Lock duration (ms)', 'lockDurationMs', String(worker.lockDurationMs))] : []),
      ...(worker.retries !== undefined ? [fixed('Retries', 'retries', String(worker.retries))] : []),
      ...mapped.map((name): TemplateProperty => ({
        label: name,
        type: 'String',
        group: 'inputs',
        constraints: { notEmpty: true },
        binding: { type: 'camunda:inputParameter', name },
      })),
    ],
  };
}

/** One template per topic, named by it. */
export function elementTemplates(
  workers: readonly WorkerDefinition[],
  regulation: Regulation,
): Map<string, ElementTemplate> {
  return new Map(workers.map((w) => [`${w.topic}.json`, elementTemplate(w, regulation)]));
}

/** What the diagram checks know of the workers: their topics and their templates. */
export function workersContext(workers: readonly WorkerDefinition[], regulation: Regulation) {
  return {
    workerTopics: workers.map((w) => w.topic),
    regulation,
    templates: new Map(workers.map((w) => [w.topic, elementTemplate(w, regulation)])),
  };
}
