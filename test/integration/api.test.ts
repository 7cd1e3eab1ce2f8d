import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Intake } from '../../src/api/intake.js';
import { EngineAdmin } from '../support/engine-admin.js';
import { createLogger } from '../../src/platform/logger.js';
import { asOperator, testApi } from '../support/api.js';
import { removeInstancesAfterFile } from '../support/cleanup.js';
import { dossier, makeIin } from '../support/fixtures.js';
import { expectKkAndRu } from '../support/languages.js';
import { PROBLEMS, problemType, type ProblemCode } from '../../src/api/respond.js';

let api: ReturnType<typeof testApi>;
removeInstancesAfterFile();
beforeAll(() => {
  api = testApi();
});
afterAll(() => api.close());

async function instanceCount(): Promise<number> {
  return (await api.camunda.historicProcessInstances({ processDefinitionKey: 'housing-assistance' })).length;
}

describe('bad requests get a 4xx naming what is wrong, and start nothing', () => {
  const badIin = (() => {
    const good = makeIin(7000);
    return good.slice(0, 11) + String((Number(good[11]) + 1) % 10);
  })();
  const missingFields = (() => {
    const { applicant: _a, documents: _d, ...rest } = dossier();
    return rest;
  })();

  const cases: Array<[string, () => { body: string | object; type?: string }, number, ProblemCode, string[]]> = [
    ['malformed JSON', () => ({ body: '{"channel": "portal",', type: 'application/json' }), 400, 'malformed-json', []],
    ['missing fields', () => ({ body: missingFields }), 422, 'validation-failed', ['applicant', 'documents']],
    [
      'an IIN failing its check digit',
      () => ({ body: dossier({ applicant: { iin: badIin, fullName: 'Тест Тестов' } }) }),
      422,
      'validation-failed',
      ['applicant.iin'],
    ],
    ['an unknown channel', () => ({ body: { ...dossier(), channel: 'fax' } }), 422, 'validation-failed', ['channel']],
    [
      'an unknown field',
      () => ({ body: { ...dossier(), salaryOfNeighbour: 1 } }),
      422,
      'validation-failed',
      ['(body)'],
    ],
    [
      'wrong types',
      () => ({
        body: {
          ...dossier(),
          household: { tenure: 'owner', areaM2: '54', onlyDwelling: 'yes', permanentlyRegistered: true },
        },
      }),
      422,
      'validation-failed',
      ['household.areaM2', 'household.onlyDwelling'],
    ],
    [
      'a channel the credential does not submit through',
      () => ({ body: { ...dossier(), channel: 'portal' } }),
      422,
      'validation-failed',
      ['channel'],
    ],
    [
      'an attachment that is not base64',
      () => ({
        body: dossier({
          documents: [{ type: 'application', file: { mediaType: 'application/pdf', content: '%%%not base64' } }],
        }),
      }),
      422,
      'validation-failed',
      ['documents.0.file.content'],
    ],
    [
      'a body that is not JSON',
      () => ({ body: 'channel=portal', type: 'application/x-www-form-urlencoded' }),
      415,
      'unsupported-media-type',
      [],
    ],
    [
      'a body over the size limit',
      () => ({ body: JSON.stringify({ ...dossier(), padding: 'x'.repeat(13_000_000) }), type: 'application/json' }),
      413,
      'too-large',
      [],
    ],
    ['a JSON array', () => ({ body: '[1,2]', type: 'application/json' }), 422, 'validation-failed', ['(body)']],
  ];

  it.each(cases)('%s', async (_name, make, status, error, fields) => {
    const before = await instanceCount();
    const pendingBefore = (await api.applications.pendingStarts()).length;
    const { body, type } = make();
    let req = api.http().post('/applications').set(asOperator());
    if (type) req = req.set('content-type', type);
    const res = await req.send(body as object);
    expect(res.status).toBe(status);
    // RFC 9457 problem details: the code in `type`, the status again, a title per type, a sentence in `detail`.
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ type: problemType(error), title: PROBLEMS[error], status });
    expect(typeof res.body.detail).toBe('string');
    // The applicant or the operator reads it in Kazakh and Russian too (src/domain/messages.ts).
    expectKkAndRu(error, res.body.text ?? {});
    expect(JSON.stringify(res.body)).not.toMatch(/at .*\.(ts|js):\d+/);
    const named = (res.body.errors ?? []).map((f: { field: string }) => f.field);
    for (const field of fields) expect(named).toContain(field);
    if (fields.includes('applicant.iin')) {
      expect(res.body.errors.find((f: { field: string }) => f.field === 'applicant.iin').message).toContain(
        'check digit',
      );
    }
    expect(await instanceCount()).toBe(before);
    expect(await api.applications.pendingStarts()).toHaveLength(pendingBefore);
  });

  it('an unknown or malformed id is 404', async () => {
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-an-id', '..%2F..%2Fetc']) {
      const res = await api.http().get(`/applications/${id}`).set(asOperator());
      expect(res.status).toBe(404);
      expect(res.body.type).toBe(problemType('not-found'));
    }
  });
});

describe('accepted applications', () => {
  it('answers 202 with the status URL, and the status shows the first step with its deadline', async () => {
    const res = await api.http().post('/applications').set(asOperator()).send(dossier());
    expect(res.status).toBe(202);
    expect(res.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      status: 'received',
      statusUrl: `/applications/${res.body.id}`,
    });
    expect(res.headers.location).toBe(res.body.statusUrl);
    const status = (await api.http().get(res.body.statusUrl).set(asOperator())).body;
    expect(status.status).toBe('in-progress');
    expect(status.currentStep).toMatchObject({
      step: 'A1',
      elementId: 'Task_IntakeCheck',
      limit: 'PT15M',
      endedAt: null,
    });
    expect(Date.parse(status.currentStep.deadline) - Date.parse(status.currentStep.startedAt)).toBe(15 * 60_000);
    expect(Date.parse(status.readyBy) - Date.parse(status.receivedAt)).toBe(10 * 86_400_000);
    const [instance] = await api.camunda.historicProcessInstances({ businessKey: res.body.id });
    expect(instance.state).toBe('ACTIVE');
  });

  it('the same Idempotency-Key gives the same application and one process instance', async () => {
    const body = dossier();
    const key = `retry-${Date.now()}`;
    const first = await api.http().post('/applications').set(asOperator()).set('Idempotency-Key', key).send(body);
    const second = await api.http().post('/applications').set(asOperator()).set('Idempotency-Key', key).send(body);
    expect(second.status).toBe(202);
    expect(second.body.id).toBe(first.body.id);
    expect(second.body.status).toBe('duplicate');
    expect(await api.camunda.historicProcessInstances({ businessKey: first.body.id })).toHaveLength(1);
  });

  it('with the engine down, the application is kept and its process started once the engine answers', async () => {
    const log = createLogger('test', 'silent');
    const down = new Intake(api.redis, new EngineAdmin('http://127.0.0.1:9/engine-rest', undefined, 1_000), log);
    const { id, started } = await down.submit(dossier(), { owner: 'centre:con-bostandyk' });
    expect(started).toBe(false);
    expect(await api.applications.pendingStarts()).toContain(id);
    expect((await api.http().get(`/applications/${id}`).set(asOperator())).body.status).toBe('received');

    const up = new Intake(api.redis, api.apiEngine, log);
    expect(await up.reconcile()).toBeGreaterThanOrEqual(1);
    expect(await up.reconcile()).toBe(0);
    expect(await api.camunda.historicProcessInstances({ businessKey: id })).toHaveLength(1);
    expect(await api.applications.pendingStarts()).not.toContain(id);
    expect((await api.http().get(`/applications/${id}`).set(asOperator())).body.status).toBe('in-progress');
  });
});
