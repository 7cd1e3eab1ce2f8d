import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { HttpStateGateway } from '../../src/gateway/state-gateway.js';
import { AUDIT_STREAM } from '../../src/store/applications.js';
import { STATE_SOURCE_IDS } from '../../src/domain/state-data.js';
import { asOperator, testApi } from '../support/api.js';
import { runCa, signedDossier } from '../support/eds.js';
import { COMPLETE_DOCUMENTS, dossier, freshIin } from '../support/fixtures.js';
import { processEnded, startWorkers, until, type TestWorkers } from '../support/harness.js';
import { clearFault, declaredRecords, enrol, refusalCounts, requestCounts, setFault } from '../support/registries.js';
import { bilingual, unconfirmedMember } from '../../src/domain/messages.js';

/**
 * §11 on the real engine, Redis and the local registries service: the provider's data comes from the
 * state registers, verified figures replace declared ones, a register that fails is retried and then
 * an incident, and nothing is asked twice. A family member is asked about only once the civil registry
 * confirms the relation; the applicant never sees a register's figure.
 */
let api: ReturnType<typeof testApi>;
let workers: TestWorkers;

beforeAll(() => {
  api = testApi();
  // One retry of the task, quickly; two attempts per register within each delivery.
  workers = startWorkers(undefined, { WORKER_RETRIES: 1, WORKER_RETRY_BASE_MS: 100, STATE_GATEWAY_ATTEMPTS: 2 });
});

afterAll(async () => {
  await workers.stop();
  await api.close();
});

async function submit(body: object, district = 'bostandyk') {
  const res = await api
    .http()
    .post('/applications')
    .set(asOperator(`con-${district}`))
    .send(body);
  expect(res.status).toBe(202);
  const processInstanceId = await until('the process to start', () => api.applications.processInstanceId(res.body.id));
  return { id: res.body.id as string, processInstanceId };
}

const status = async (id: string, district = 'bostandyk') =>
  (
    await api
      .http()
      .get(`/applications/${id}`)
      .set(asOperator(`con-${district}`))
  ).body;
/** The commission's detail: the stored verification (the case sheet is made from it). */
const detail = async (id: string) => (await api.applications.get(id))!.results.stateData!.verification;
const askedOf = async (iin: string) =>
  Object.entries(await requestCounts(iin))
    .filter(([, n]) => n > 0)
    .map(([source]) => source)
    .sort();
const NONE = Object.fromEntries(STATE_SOURCE_IDS.map((s) => [s, 0]));
const ONE_EACH = {
  'civil-registry': 1,
  identity: 1,
  'real-estate': 1,
  address: 1,
  'social-payments': 1,
  'business-income': 1,
  alimony: 1,
  unemployed: 1,
};

describe('the data from the state registers (§11)', () => {
  it('decides on the registers’ income where the declared one is lower; the status names the item, the commission’s detail and the audit have the figures', async () => {
    const family = dossier({ incomes: [{ source: 'salary', amount: 60_000 }] });
    enrol({
      [family.applicant.iin]: {
        ...declaredRecords(family)[family.applicant.iin],
        'business-income': { periodTotal: 600_000 },
      },
    });
    const { id, processInstanceId } = await submit(family);
    const ended = await processEnded(api.camunda, processInstanceId);
    expect(ended.endEvents).toEqual(['EndEvent_AssistanceAssigned']);

    const done = await status(id);
    // 27 500 counted − 10 % of 200 000 a month (the register's 600 000 a quarter), not of 20 000.
    expect(done.outcome).toMatchObject({
      decision: 'assigned',
      amount: 7_500,
      calculation: { monthlyIncome: 200_000 },
    });
    // The operator sees what the applicant sees: what was declared, the totals used, which items differ.
    expect(done.stateData).toEqual({
      declared: { periodIncome: 60_000, familyMembers: 3, onlyDwelling: true, permanentlyRegistered: true },
      used: { periodIncome: 600_000, familyMembers: 3, onlyDwelling: true, permanentlyRegistered: true },
      differs: ['incomes.business-income'],
    });
    expect((await detail(id)).differences).toEqual([
      { field: 'incomes.business-income', source: 'business-income', declared: 60_000, verified: 600_000 },
    ]);
    const audit = (await api.redis.xrange(AUDIT_STREAM, '-', '+')).map(([, fields]) =>
      Object.fromEntries(fields.flatMap((v, i) => (i % 2 ? [] : [[v, fields[i + 1]]]))),
    );
    expect(audit).toContainEqual(
      expect.objectContaining({
        applicationId: id,
        actor: 'worker:state-data',
        action: 'state-data-difference',
        detail: 'incomes.business-income: declared 60000, business-income register 600000',
      }),
    );
    expect(await requestCounts(family.applicant.iin)).toEqual(ONE_EACH);
  });

  it('refuses a family whose second dwelling the register of rights finds, though it declares only one', async () => {
    const family = dossier({ address: { district: 'almaly', line: 'ул. Жибек Жолы, 3' } });
    const records = declaredRecords(family)[family.applicant.iin];
    enrol({
      [family.applicant.iin]: {
        ...records,
        'real-estate': { dwellings: [{ line: 'ул. Жибек Жолы, 3' }, { line: 'мкр. Аксай-2, 14, кв. 8' }] },
      },
    });
    const { id, processInstanceId } = await submit(family, 'almaly');
    expect((await processEnded(api.camunda, processInstanceId)).endEvents).toEqual(['EndEvent_AssistanceRefused']);
    const done = await status(id, 'almaly');
    expect(done.outcome).toMatchObject({ decision: 'refused', ground: 'not-only-dwelling' });
    expect(done.stateData.differs).toEqual(['household.onlyDwelling']);
    expect((await detail(id)).differences).toContainEqual({
      field: 'household.onlyDwelling',
      source: 'real-estate',
      declared: true,
      verified: false,
    });
  });

  it('a register that times out twice, then answers: the step completes, that register asked three times, the others once', async () => {
    const family = dossier({ address: { district: 'medeu', line: 'пр. Достык, 40' } });
    await setFault(family.applicant.iin, 'address', { mode: 'slow', delayMs: 1_500, times: 2 });
    const { processInstanceId } = await submit(family, 'medeu');
    expect((await processEnded(api.camunda, processInstanceId)).endEvents).toEqual(['EndEvent_AssistanceAssigned']);
    expect(await requestCounts(family.applicant.iin)).toEqual({ ...ONE_EACH, address: 3 });
  });

  it('a register that never answers: an incident naming it and the application; after it is back, a Cockpit retry completes asking only it again', async () => {
    const family = dossier({
      address: { district: 'auezov', line: 'мкр. 6, 12' },
      familyMembers: [{ fullName: 'Ержан Сапаров', relation: 'spouse', iin: freshIin() }],
    });
    await setFault(family.applicant.iin, 'social-payments', { mode: 'fail' });
    const { id, processInstanceId } = await submit(family, 'auezov');
    const [incident] = await until('an incident', async () => {
      const found = await api.camunda.incidents({ processInstanceId });
      return found.length ? found : null;
    });
    expect(incident.activityId).toBe('Task_StateData');
    expect(incident.incidentMessage).toContain(`state-data failed for application ${id} after 2 attempts`);
    expect(incident.incidentMessage).toContain('the register of social payments (social-payments) answered HTTP 503');
    expect(incident.incidentMessage).not.toContain(family.applicant.iin);
    expect((await status(id, 'auezov')).status).toBe('in-progress');
    // Two deliveries × two attempts at the failing register; each answer of the others was asked once and kept.
    const failed = await requestCounts(family.applicant.iin);
    expect(failed).toEqual({ ...ONE_EACH, 'social-payments': 4 });
    expect((await requestCounts(family.familyMembers[0].iin!))['real-estate']).toBe(1);

    await clearFault(family.applicant.iin, 'social-payments');
    const [task] = await api.camunda.externalTasks({ processInstanceId, activityId: 'Task_StateData' });
    await api.camunda.setExternalTaskRetries(task.id, 1);
    expect((await processEnded(api.camunda, processInstanceId)).endEvents).toEqual(['EndEvent_AssistanceAssigned']);
    expect(await requestCounts(family.applicant.iin)).toEqual({ ...ONE_EACH, 'social-payments': 5 });
    expect((await requestCounts(family.familyMembers[0].iin!))['real-estate']).toBe(1);
  });
});

describe('whose data (§11): a family member only once the civil registry confirms the relation', () => {
  const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n').toString('base64');

  it('a stranger named as a spouse is asked about nowhere and not counted; the applicant sees the declared, the totals used and which items differ, never a member’s figure', async () => {
    const iin = freshIin();
    const [stranger, child] = [freshIin(), freshIin()];
    const request = dossier({
      channel: 'portal',
      applicant: { iin, fullName: 'Нурлан Абенов' },
      documents: COMPLETE_DOCUMENTS.map((d) => ({ ...d, file: { mediaType: 'application/pdf', content: pdf } })),
      familyMembers: [
        { fullName: 'Чужой Человек', relation: 'spouse', iin: stranger },
        { fullName: 'Алия Абенова', relation: 'child', iin: child },
      ],
    });
    // The registers know the stranger's income and flat; the civil registry has the child's birth record, no marriage.
    enrol({
      [iin]: { ...declaredRecords(request)[iin], 'civil-registry': { marriages: [], parents: [], children: [child] } },
      [stranger]: {
        'business-income': { periodTotal: 912_345 },
        'real-estate': { dwellings: [{ line: 'ул. Чужая, 1, кв. 1' }] },
      },
      [child]: { 'social-payments': { periodTotal: 123_456 } },
    });
    const session = await api.asApplicant(iin);
    const signed = await signedDossier(await runCa(), request);
    const res = await api.http().post('/applications').set(session).send(signed.dossier);
    expect(res.status).toBe(202);
    const processInstanceId = await until('the process to start', () =>
      api.applications.processInstanceId(res.body.id),
    );
    expect((await processEnded(api.camunda, processInstanceId)).endEvents).toEqual(['EndEvent_AssistanceAssigned']);

    expect(await requestCounts(stranger)).toEqual(NONE);
    // Which registers were asked about whom (a count may exceed one when a busy machine makes a question time out).
    expect(await askedOf(child)).toEqual(['alimony', 'business-income', 'real-estate', 'social-payments']);
    expect(await askedOf(iin)).toEqual(Object.keys(ONE_EACH).sort());

    const seen = await api.http().get(`/applications/${res.body.id}`).set(session);
    expect(seen.status).toBe(200);
    expect(seen.body.stateData).toEqual({
      declared: { periodIncome: 300_000, familyMembers: 3, onlyDwelling: true, permanentlyRegistered: true },
      used: { periodIncome: 423_456, familyMembers: 2, onlyDwelling: true, permanentlyRegistered: true },
      differs: ['family.members', 'incomes.social-payments'],
    });
    // The family of two the calculation counted: a norm of 36 m², not 54.
    expect(seen.body.outcome.calculation).toMatchObject({ normAreaM2: 36, monthlyIncome: 141_152 });
    const everything = JSON.stringify(seen.body);
    for (const secret of ['123456', '912345', stranger, child]) expect(everything).not.toContain(secret);

    const commission = await detail(res.body.id);
    expect(commission.family).toEqual({ counted: 2, unconfirmed: [1] });
    expect(commission.findings).toContain(bilingual(unconfirmedMember(1, 'spouse', 'no-record-spouse')));
    expect(commission.differences).toContainEqual({
      field: 'incomes.social-payments',
      source: 'social-payments',
      declared: 0,
      verified: 123_456,
    });
    const stored = (await api.applications.get(res.body.id))!.results.stateData!;
    expect(JSON.stringify(stored)).not.toContain(stranger);
  });
});

describe('the gateway client', () => {
  it('shows its token; a wrong one is refused at once, naming the register, asked once and not retried', async () => {
    const family = dossier();
    const options = {
      url: process.env.STATE_GATEWAY_URL!,
      timeoutMs: 1_000,
      attempts: 3,
      retryBaseMs: 2_000,
      concurrency: 8,
    };
    const question = {
      source: 'address' as const,
      iin: family.applicant.iin,
      period: { from: '2026-08-01', to: '2026-10-31' },
      requestId: 'test/address/applicant',
    };
    const wrong = new HttpStateGateway({ ...options, token: 'not-the-token' });
    const started = Date.now();
    await expect(wrong.ask(question)).rejects.toThrow(
      'the address register (registration at the address) (address) refused our credentials (HTTP 401): check STATE_GATEWAY_TOKEN',
    );
    // A retry would first wait at least retryBaseMs (2 s).
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(await refusalCounts(family.applicant.iin)).toEqual({ ...NONE, address: 1 });
    expect((await requestCounts(family.applicant.iin)).address).toBe(0);
    const right = new HttpStateGateway({ ...options, token: api.config.STATE_GATEWAY_TOKEN });
    expect(await right.ask(question)).toEqual({
      found: true,
      record: { district: family.address.district, line: family.address.line, permanent: true },
    });
    expect(await refusalCounts(family.applicant.iin)).toEqual({ ...NONE, address: 1 });
  });

  it('keeps at most its concurrency of questions in flight; waiting for a turn does not count against the timeout', async () => {
    const family = dossier();
    const sources = ['identity', 'real-estate', 'address', 'social-payments'] as const;
    for (const source of sources) await setFault(family.applicant.iin, source, { mode: 'slow', delayMs: 400 });
    const gateway = new HttpStateGateway({
      url: process.env.STATE_GATEWAY_URL!,
      token: api.config.STATE_GATEWAY_TOKEN,
      timeoutMs: 600,
      attempts: 1,
      retryBaseMs: 50,
      concurrency: 2,
    });
    const period = { from: '2026-08-01', to: '2026-10-31' };
    const started = Date.now();
    const answers = await Promise.all(
      sources.map((source) => gateway.ask({ source, iin: family.applicant.iin, period, requestId: `test/${source}` })),
    );
    // Four slow answers two at a time take two turns; all four at once would take one.
    expect(Date.now() - started).toBeGreaterThanOrEqual(800);
    // Each answer took 400 ms of its 600: the second pair waited its turn and still was not timed out.
    expect(answers).toHaveLength(4);
    for (const source of sources) await clearFault(family.applicant.iin, source);
  });
});

describe('consent (§11, second paragraph)', () => {
  it('a request without consent is a 422 that says so on both channels; the consent and its form version are kept', async () => {
    const { consent: _consent, ...without } = dossier();
    const atCentre = await api.http().post('/applications').set(asOperator()).send(without);
    expect(atCentre.status).toBe(422);
    expect(atCentre.body.errors).toContainEqual(
      expect.objectContaining({
        field: 'consent',
        message: expect.stringContaining('consent to the use of information protected by law (§11)'),
      }),
    );
    const formNotTaken = await api
      .http()
      .post('/applications')
      .set(asOperator())
      .send(dossier({ consent: { given: true, formVersion: '2024-1' } }));
    expect([formNotTaken.status, formNotTaken.body.errors[0].field]).toEqual([422, 'consent.signedFormTaken']);

    const iin = freshIin();
    const session = await api.asApplicant(iin);
    const { consent: _c, ...portalWithout } = dossier({
      channel: 'portal',
      applicant: { iin, fullName: 'Асель Омарова' },
    });
    const onPortal = await api.http().post('/applications').set(session).send(portalWithout);
    expect(onPortal.status).toBe(422);
    expect(onPortal.body.errors.map((f: { field: string }) => f.field)).toContain('consent');

    const accepted = await api
      .http()
      .post('/applications')
      .set(asOperator())
      .send(dossier({ consent: { given: true, formVersion: '2024-1', signedFormTaken: true } }));
    expect(accepted.status).toBe(202);
    expect((await api.applications.dossier(accepted.body.id))!.consent).toEqual({
      given: true,
      formVersion: '2024-1',
      signedFormTaken: true,
    });
  });
});
