import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { templatesMatch } from '../../src/check/rules/templates-match.js';
import {
  contractFingerprint,
  elementTemplate,
  elementTemplates,
  readTemplateVersions,
  TEMPLATE_DIR,
  templateId,
  templateVersion,
  workersContext,
} from '../../src/check/templates.js';
import { readModel } from '../../src/check/model-file.js';
import { loadRegulation } from '../../src/config.js';
import { ROOT } from '../../src/paths.js';
import { WORKERS } from '../../workers/all.js';

const { validate } = await import('@bpmn-io/element-templates-validator/dist/index.js');
const dir = join(ROOT, TEMPLATE_DIR);
const generated = elementTemplates(WORKERS, loadRegulation());

describe('element templates for Modeler (.camunda/element-templates)', () => {
  it('are the ones the workers’ definitions make, one per worker, none left over', () => {
    expect(readdirSync(dir).sort()).toEqual([...generated.keys()].sort());
    for (const [file, template] of generated)
      expect({ file, template: JSON.parse(readFileSync(join(dir, file), 'utf8')) }).toEqual({ file, template });
  });

  it('each validates against the element templates schema, which would refuse a broken one', () => {
    for (const file of readdirSync(dir)) {
      const result = validate(JSON.parse(readFileSync(join(dir, file), 'utf8')));
      expect({ file, errors: result.errors }).toEqual({ file, errors: null });
    }
    const broken = {
      ...generated.get('registration.json')!,
      properties: [{ type: 'String', value: 'x', binding: { type: 'camunda:nowhere', name: 'x' } }],
    };
    expect(validate(broken).valid).toBe(false);
  });

  it('cite the clause from bpmn/regulation.yaml: the citations of the steps of their topic', () => {
    const regulation = loadRegulation();
    const clauseOf = (file: string) =>
      generated.get(file)!.properties.find((p) => p.binding.type === 'camunda:property' && p.binding.name === 'clause')
        ?.value;
    for (const worker of WORKERS) {
      const cites = [...new Set(regulation.steps.filter((s) => s.topic === worker.topic).map((s) => s.cite))];
      if (cites.length)
        expect({ topic: worker.topic, clause: clauseOf(`${worker.topic}.json`) }).toEqual({
          topic: worker.topic,
          clause: cites.join('; '),
        });
      else expect(worker.clause).toEqual(expect.any(String));
    }
    expect(clauseOf('delivery.json')).toBe('§6 step 5 / §9 5) / §10 6); §12 11) process 7, §14');
  });

  it('fix the topic, the external type, and say what the worker reads and sets', () => {
    const registration = generated.get('registration.json')!;
    expect(registration.name).toBe('Register the documents (step 1)');
    expect(registration.properties).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          type: 'Hidden',
          value: 'external',
          binding: { type: 'property', name: 'camunda:type' },
        }),
        expect.objectContaining({
          value: 'registration',
          editable: false,
          binding: { type: 'property', name: 'camunda:topic' },
        }),
        expect.objectContaining({ value: 'receivedAt', binding: { type: 'camunda:property', name: 'reads' } }),
        expect.objectContaining({ value: 'registrationNumber', binding: { type: 'camunda:property', name: 'writes' } }),
      ]),
    );
    // Who gets the result is read from the application's record, not from a variable (no `reads`).
    expect(generated.get('delivery.json')!.properties).not.toContainEqual(
      expect.objectContaining({ binding: { type: 'camunda:property', name: 'reads' } }),
    );
    expect(generated.get('state-data.json')!.properties).toContainEqual(
      expect.objectContaining({ binding: { type: 'camunda:property', name: 'lockDurationMs' }, value: '60000' }),
    );
    // The limit is the regulation's, read by the worker: the diagram maps only which element was late.
    const breach = generated.get('deadline-breach.json')!;
    expect(
      breach.properties.filter((p) => p.binding.type === 'camunda:inputParameter').map((p) => p.binding.name),
    ).toEqual(['breachedElement']);
    expect(breach.version).toBe(2);
  });

  it('are what the shipped diagram’s tasks are made from', async () => {
    const model = await readModel(join(ROOT, 'bpmn', 'housing-assistance.bpmn'));
    const tasks = [...model.elements.values()].filter((e) => e.topic);
    expect(tasks.length).toBeGreaterThan(15);
    for (const task of tasks)
      expect({ task: task.id, template: task.modelerTemplate }).toEqual({
        task: task.id,
        template: templateId(task.topic!),
      });
  });
});

describe('template versions follow the workers’ contracts (.camunda/template-versions.yaml)', () => {
  const recorded = readTemplateVersions();
  const registration = WORKERS.find((w) => w.topic === 'registration')!;

  it('record, for every worker, the contract it has now: a contract changed without a version bump fails here', () => {
    for (const worker of WORKERS)
      expect({ topic: worker.topic, contract: recorded[worker.topic]?.contract }).toEqual({
        topic: worker.topic,
        contract: contractFingerprint(worker),
      });
    for (const [file, template] of generated)
      expect({ file, version: template.version }).toEqual({
        file,
        version: recorded[file.replace('.json', '')].version,
      });
  });

  it('a worker that reads, sets or throws something else gets the next version; its title or handler does not count', () => {
    const next = recorded.registration.version + 1;
    const changed = [
      { ...registration, input: registration.input!.extend({ district: z.string() }) },
      { ...registration, input: registration.input!.extend({ receivedAt: z.string().optional() }) },
      { ...registration, outputs: { ...registration.outputs, registeredBy: 'who registered it' } },
      { ...registration, errors: { REGISTRATION_REFUSED: 'refused' } },
    ];
    for (const worker of changed) expect(templateVersion(worker, recorded)).toBe(next);
    expect(
      templateVersion({ ...registration, title: 'Register (renamed)', handle: () => Promise.resolve() }, recorded),
    ).toBe(recorded.registration.version);
    expect(elementTemplate(changed[0], loadRegulation(), recorded).version).toBe(next);
    // A worker never recorded starts at version 1.
    expect(templateVersion({ ...registration, topic: 'new-step' }, recorded)).toBe(1);
  });

  it('the check reports a task made from an older version of its template', async () => {
    const model = await readModel(join(ROOT, 'bpmn', 'housing-assistance.bpmn'));
    const task = model.elements.get('Task_Registration')!;
    const bumped = new Map([
      ['registration', { ...generated.get('registration.json')!, version: recorded.registration.version + 1 }],
    ]);
    const findings = templatesMatch.check(
      { ...model, elements: new Map([[task.id, task]]) },
      { ...workersContext(WORKERS, loadRegulation()), templates: bumped },
    );
    expect(findings).toContainEqual(
      expect.objectContaining({
        element: 'Task_Registration',
        message: expect.stringContaining(`whose contract is now version ${recorded.registration.version + 1}`),
      }),
    );
  });
});
