import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { formsBeside } from '../../src/check/check.js';
import type { CheckContext } from '../../src/check/rule.js';
import { contractFingerprint, workersContext, type TemplateVersions } from '../../src/check/templates.js';
import { loadRegulation } from '../../src/config.js';
import { ROOT } from '../../src/paths.js';
import type { WorkerDefinition } from '../../src/runtime/worker.js';

export const RULES_DIR = join(ROOT, 'test', 'rules');

/** The fixtures' workers: what the templates and topics rules compare a task with, apart from workers/. */
const worker = (definition: Omit<WorkerDefinition, 'handle'>): WorkerDefinition => ({
  ...definition,
  handle: () => Promise.resolve(),
});
export const FIXTURE_WORKERS: readonly WorkerDefinition[] = [
  worker({
    topic: 'registration',
    title: 'Register the documents',
    input: z.object({ receivedAt: z.string() }),
    outputs: { registrationNumber: 'the registration number' },
  }),
  worker({ topic: 'notification', title: 'Notify the applicant' }),
  worker({
    topic: 'deadline-breach',
    title: 'Record the breach of a time limit',
    clause: '§6, §10',
    input: z.object({ breachedElement: z.string() }),
  }),
];

/** The fixtures' templates as recorded: the breach recorder's at version 2, the others at 1. */
const FIXTURE_VERSIONS: TemplateVersions = Object.fromEntries(
  FIXTURE_WORKERS.map((w) => [
    w.topic,
    { version: w.topic === 'deadline-breach' ? 2 : 1, contract: contractFingerprint(w) },
  ]),
);

/**
 * What the rules know besides a fixture diagram: the regulation (the rule folder's own regulation.yaml,
 * else test/rules/regulation.yaml), the fixtures' workers and their templates, the forms beside the file.
 */
export function fixtureContext(file: string): CheckContext {
  const dir = dirname(file);
  const own = readdirSync(dir).includes('regulation.yaml');
  const regulation = loadRegulation(join(own ? dir : RULES_DIR, 'regulation.yaml'));
  return { ...workersContext(FIXTURE_WORKERS, regulation, FIXTURE_VERSIONS), forms: formsBeside(file) };
}
