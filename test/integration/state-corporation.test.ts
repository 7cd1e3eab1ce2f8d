import { beforeAll, expect, it } from '@jest/globals';
import { Intake } from '../../src/api/intake.js';
import { EngineAdmin } from '../support/engine-admin.js';
import { createLogger } from '../../src/platform/logger.js';
import { apiWithWorkers, asOperator, type testApi } from '../support/api.js';
import { dossier } from '../support/fixtures.js';
import { processEnded, until } from '../support/harness.js';
import { almatyDate, almatyDateTime, almatyYear } from '../../src/domain/almaty.js';
import { binOf, opensslVerifies } from '../support/signature.js';

/** Path A over HTTP (§10, §11, §15): the operator's intake, the Appendix 3 receipt, the out-tray and step 6. */
const running = apiWithWorkers();
let api: ReturnType<typeof testApi>;
beforeAll(() => {
  api = running.api;
});

const year = almatyYear(new Date());

it('an expired document: the printable Appendix 3 receipt with number, date, the documents and the operator; nothing goes past intake', async () => {
  const res = await api
    .http()
    .post('/applications')
    .set(asOperator('con-almaly'))
    .send(
      dossier({
        address: { district: 'almaly', line: 'пр. Абая, 1' },
        household: { tenure: 'state-rent', areaM2: 54, onlyDwelling: true, permanentlyRegistered: true },
        documents: [
          { type: 'application' },
          { type: 'housing-maintenance-bill' },
          { type: 'utility-bills' },
          { type: 'telecom-bill' },
          { type: 'lease-agreement', validUntil: '2020-01-01' },
        ],
      }),
    );
  expect(res.status).toBe(202);
  const ended = await processEnded(
    api.camunda,
    await until('start', () => api.applications.processInstanceId(res.body.id)),
  );
  expect(ended.endEvents).toEqual(['EndEvent_RefusalReceipt']);
  const history = (await api.camunda.activityHistory(ended.id)).map((a) => a.activityId);
  expect(history).toEqual(expect.arrayContaining(['Task_IntakeCheck', 'Task_RefusalReceipt']));
  expect(history).not.toContain('Task_Registration');

  const receipt = await api.http().get(`/applications/${res.body.id}/receipt`).set(asOperator('con-almaly'));
  expect(receipt.status).toBe(200);
  expect(receipt.headers['content-type']).toMatch(/^text\/html/);
  expect(receipt.text).toMatch(
    new RegExp(`№ R-ALM-${year}-\\d{6} · ${almatyDate(new Date())} · ЦОН Алмалинского района`),
  );
  expect(receipt.text).toContain('Договор найма (поднайма) жилища');
  expect(receipt.text).toContain('истёк срок действия');
  expect(receipt.text).toContain('OP-ALM-01');
  expect(receipt.text).toContain('Приложение 3 к Стандарту');
  // The applicant's name, and the same clause cited in Kazakh and in Russian.
  expect(receipt.text).toContain('Өтініш беруші / Заявитель: <strong>Айгерим Сапарова</strong>');
  expect(receipt.text).toContain('Регламенттің 11-тармағын басшылыққа ала отырып');
  expect(receipt.text).toContain('Руководствуясь пунктом 11 регламента');
  const tray = (await api.http().get('/out-tray').set(asOperator('con-almaly'))).body.items.filter(
    (i: { applicationId: string }) => i.applicationId === res.body.id,
  );
  expect(tray).toEqual([expect.objectContaining({ kind: 'refusal-receipt', handedOver: null })]);
});

it('§11: without an identity document or income certificates the documents are accepted; the registers supply them', async () => {
  const res = await api
    .http()
    .post('/applications')
    .set(asOperator('con-almaly'))
    .send(
      dossier({
        address: { district: 'almaly', line: 'пр. Абая, 3' },
        documents: ['application', 'housing-maintenance-bill', 'utility-bills', 'telecom-bill'].map((type) => ({
          type,
        })),
      }),
    );
  expect(res.status).toBe(202);
  const ended = await processEnded(
    api.camunda,
    await until('start', () => api.applications.processInstanceId(res.body.id)),
  );
  expect(ended.endEvents).toEqual(['EndEvent_AssistanceAssigned']);
  expect((await api.applications.get(res.body.id))!.results.intake).toMatchObject({ complete: true, missing: [] });
});

it('step 6: the notification waits in the centre’s out-tray without a limit; the 15 minutes start at the desk; the hand-over ends the process; §15 and §11 are on the record', async () => {
  const operator = asOperator('con-turksib');
  const res = await api
    .http()
    .post('/applications')
    .set(operator)
    .send({
      ...dossier({ address: { district: 'turksib', line: 'ул. Сейфуллина, 2' } }),
      intake: {
        homeVisit: { contactCentreCallAt: new Date().toISOString() },
        queue: { ticket: 'B-017', bookedOnPortal: true },
      },
    });
  expect(res.status).toBe(202);
  const id = res.body.id as string;
  const processInstanceId = await until('start', () => api.applications.processInstanceId(id));
  await until(
    'the notification to wait in the out-tray',
    async () => (await api.camunda.executions({ activityId: 'Event_ApplicantAtDesk', processInstanceId })).length === 1,
  );

  const inTray = (await api.http().get(`/applications/${id}`).set(operator)).body;
  expect(inTray.currentStep).toMatchObject({
    step: '6 waiting',
    elementId: 'Event_ApplicantAtDesk',
    limit: null,
    deadline: null,
    late: false,
  });
  expect(inTray.termMet).toBe(true);
  expect(inTray.acceptedBy).toMatchObject({
    centre: 'con-turksib',
    operator: 'OP-TUR-01',
    homeVisit: { contactCentreCallAt: expect.any(String) },
    queue: { ticket: 'B-017', bookedOnPortal: true },
  });
  const tray = (await api.http().get('/out-tray').set(operator)).body.items.filter(
    (i: { applicationId: string }) => i.applicationId === id,
  );
  expect(tray).toEqual([
    expect.objectContaining({
      kind: 'notification',
      registrationNumber: inTray.registrationNumber,
      atDesk: null,
      handedOver: null,
    }),
  ]);
  // §3, §14: the centre's copy is electronic, signed by the Turksib department with its certificate.
  const { document } = tray[0];
  const turksib = (await api.http().get('/provider-certificates/turksib')).text;
  expect(document.signedBy).toEqual({ district: 'turksib', bin: binOf(turksib), official: expect.any(String) });
  expect(JSON.parse(document.content)).toMatchObject({ applicationId: id, text: tray[0].text });
  expect(opensslVerifies(document.content, document.signature, turksib)).toBe(true);
  const medeu = (await api.http().get('/provider-certificates/medeu')).text;
  expect(opensslVerifies(document.content, document.signature, medeu)).toBe(false);

  expect(tray[0].atAlmaty).toBe(almatyDateTime(tray[0].at));
  const atDesk = await api.http().post(`/out-tray/${id}/at-desk`).set(operator);
  expect(atDesk.status).toBe(201);
  expect(atDesk.body.atDesk.atAlmaty).toBe(almatyDateTime(atDesk.body.atDesk.at));
  await until(
    'the hand-over to be awaited',
    async () => (await api.camunda.executions({ activityId: 'Task_HandOver', processInstanceId })).length === 1,
  );
  const waiting = (await api.http().get(`/applications/${id}`).set(operator)).body;
  expect(waiting.currentStep).toMatchObject({ step: '6', elementId: 'Task_HandOver', limit: 'PT15M', endedAt: null });
  expect(Date.parse(waiting.currentStep.deadline) - Date.parse(waiting.currentStep.startedAt)).toBe(15 * 60_000);
  expect(waiting.currentStep.deadlineAlmaty).toBe(almatyDateTime(waiting.currentStep.deadline));

  const marked = await api.http().post(`/out-tray/${id}/handed-over`).set(operator);
  expect(marked.status).toBe(201);
  expect(marked.body.handedOver).toMatchObject({ operator: 'OP-TUR-01' });
  const again = await api.http().post(`/out-tray/${id}/handed-over`).set(operator);
  expect([again.status, again.body.handedOver]).toEqual([200, marked.body.handedOver]);

  const [ended] = await until('the process to end', async () => {
    const found = await api.camunda.historicProcessInstances({ processInstanceId });
    return found[0]?.state === 'COMPLETED' ? found : null;
  });
  expect(ended.state).toBe('COMPLETED');
  const done = (await api.http().get(`/applications/${id}`).set(operator)).body;
  expect(done.status).toBe('assigned');
  expect(Date.parse(done.steps.find((s: { step: string }) => s.step === '6').endedAt)).not.toBeNaN();
  expect(
    (await api.http().get('/out-tray').set(operator)).body.items.find(
      (i: { applicationId: string }) => i.applicationId === id,
    ).handedOver.operator,
  ).toBe('OP-TUR-01');
});

it('a hand-over marked while the engine is down is kept and passed on when it answers', async () => {
  const operator = asOperator('con-alatau');
  const res = await api
    .http()
    .post('/applications')
    .set(operator)
    .send(dossier({ address: { district: 'alatau', line: 'мкр. Шанырак, 7' } }));
  const id = res.body.id as string;
  const processInstanceId = await until('start', () => api.applications.processInstanceId(id));
  await until(
    'the applicant to be awaited',
    async () => (await api.camunda.executions({ activityId: 'Event_ApplicantAtDesk', processInstanceId })).length === 1,
  );

  const log = createLogger('test', 'silent');
  const down = new Intake(api.redis, new EngineAdmin('http://127.0.0.1:9/engine-rest', undefined, 1_000), log);
  expect(await down.desk('at-desk', id)).toBe(false);
  expect(await down.desk('handed-over', id)).toBe(false);
  expect(await api.redis.sismember('at-desk-pending', id)).toBe(1);
  expect(await api.redis.sismember('handover-pending', id)).toBe(1);
  expect((await api.camunda.historicProcessInstances({ processInstanceId }))[0].state).toBe('ACTIVE');

  await new Intake(api.redis, api.apiEngine, log).reconcile();
  expect(await api.redis.sismember('at-desk-pending', id)).toBe(0);
  expect(await api.redis.sismember('handover-pending', id)).toBe(0);
  await until(
    'the process to end',
    async () => (await api.camunda.historicProcessInstances({ processInstanceId }))[0]?.state === 'COMPLETED',
  );
});
