import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { z, type ZodType } from 'zod';
import { loadYaml } from '../config.js';
import { canonicalJson } from '../domain/application.js';
import type { Regulation } from '../domain/regulation.js';
import { ROOT } from '../paths.js';
import type { WorkerDefinition } from '../runtime/worker.js';
import type { ElementTemplate, TemplateProperty } from './template-shape.js';

export { fixedProperties, type ElementTemplate, type TemplateProperty } from './template-shape.js';

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

/**
 * Each template's version with the fingerprint of the worker contract it was made for, written by
 * `npm run templates`: a changed contract (what the worker reads, with its types, sets or throws) gets
 * the next version, and the check reports a task made from an older one (templates-match).
 */
export const TEMPLATE_VERSIONS_FILE = '.camunda/template-versions.yaml';
export const templateVersionsSchema = z.record(
  z.string().min(1),
  z.object({ version: z.number().int().positive(), contract: z.string().regex(/^[0-9a-f]{16}$/) }).strict(),
);
export type TemplateVersions = z.infer<typeof templateVersionsSchema>;

export function readTemplateVersions(file = join(ROOT, TEMPLATE_VERSIONS_FILE)): TemplateVersions {
  return existsSync(file) ? loadYaml(file, templateVersionsSchema, 'template versions') : {};
}

/** What a diagram's task relies on from its worker: the variables it reads (their schema), those the diagram maps, sets and the errors it throws. */
export function workerContract(worker: WorkerDefinition) {
  return {
    topic: worker.topic,
    reads: worker.input ? z.toJSONSchema(worker.input, { unrepresentable: 'any', io: 'input' }) : null,
    mapped: [...(MAPPED_INPUTS[worker.topic] ?? [])].sort(),
    writes: Object.keys(worker.outputs ?? {}).sort(),
    errors: Object.keys(worker.errors ?? {}).sort(),
  };
}

export const contractFingerprint = (worker: WorkerDefinition): string =>
  createHash('sha256')
    .update(canonicalJson(workerContract(worker)))
    .digest('hex')
    .slice(0, 16);

/** The recorded version while the worker's contract is the recorded one; the next version once it changed. */
export function templateVersion(worker: WorkerDefinition, recorded: TemplateVersions): number {
  const r = recorded[worker.topic];
  return r?.contract === contractFingerprint(worker) ? r.version : (r?.version ?? 0) + 1;
}

let shipped: TemplateVersions | undefined;
const shippedVersions = () => (shipped ??= readTemplateVersions());

export function elementTemplate(
  worker: WorkerDefinition,
  regulation: Regulation,
  versions: TemplateVersions = shippedVersions(),
): ElementTemplate {
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
    version: templateVersion(worker, versions),
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
  versions: TemplateVersions = shippedVersions(),
): Map<string, ElementTemplate> {
  return new Map(workers.map((w) => [`${w.topic}.json`, elementTemplate(w, regulation, versions)]));
}

/** What the diagram checks know of the workers: their topics and their templates. */
export function workersContext(
  workers: readonly WorkerDefinition[],
  regulation: Regulation,
  versions: TemplateVersions = shippedVersions(),
) {
  return {
    workerTopics: workers.map((w) => w.topic),
    regulation,
    templates: new Map(workers.map((w) => [w.topic, elementTemplate(w, regulation, versions)])),
  };
}
