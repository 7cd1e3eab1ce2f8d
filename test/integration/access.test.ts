import { beforeAll, describe, expect, it } from '@jest/globals';
import { AUDIT_STREAM } from '../../src/api/audit.js';
import type { Dossier } from '../../src/domain/application.js';
import { apiWithWorkers, asOperator } from '../support/api.js';
import { runCa, signedDossier } from '../support/eds.js';
import { COMPLETE_DOCUMENTS, dossier, freshIin } from '../support/fixtures.js';
import { processEnded, until } from '../support/harness.js';
import { problemType } from '../../src/api/respond.js';

/**
 * Who may see what, over HTTP: each applicant and each centre only their own; no credential, no data.
 * The workers run, so the receipts, out-tray items and cabinet messages exist: each owner is shown to
 * get theirs before an outsider is shown to get nothing.
 */
const running = apiWithWorkers();
const iinA = freshIin();
const iinB = freshIin();
let a: { Authorization: string };
let b: { Authorization: string };
let appA: string;
let appB: string;
let centreX: string;
let centreY: string;

const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n').toString('base64');
/** §11: an expired bill, so the centre's operator gets an Appendix 3 receipt in its out-tray. */
const refusedAtIntake = (district: Dossier['address']['district'], line: string) =>
  dossier({
    address: { district, line },
    documents: COMPLETE_DOCUMENTS.map((d) => (d.type === 'utility-bills' ? { ...d, validUntil: '2020-01-01' } : d)),
  });

type Item = { applicationId: string; kind: string; handedOver?: unknown };
const ofApp = (items: Item[], id: string) => items.filter((i) => i.applicationId === id);

beforeAll(async () => {
  const { api } = running;
  const ca = await runCa();
  a = await api.asApplicant(iinA);
  b = await api.asApplicant(iinB);
  const submit = async (headers: Record<string, string>, body: Dossier) => {
    const res = await api.http().post('/applications').set(headers).send(body);
    expect([res.status, res.body.type]).toEqual([202, undefined]);
    return res.body.id as string;
  };
  const portal = async (iin: string, fullName: string) =>
    (
      await signedDossier(
        ca,
        dossier({
          channel: 'portal',
          applicant: { iin, fullName },
          documents: COMPLETE_DOCUMENTS.map((d) => ({ ...d, file: { mediaType: 'application/pdf', content: pdf } })),
        }),
      )
    ).dossier;
  appA = await submit(a, await portal(iinA, 'Асель Омарова'));
  appB = await submit(b, await portal(iinB, 'Бауыржан Омаров'));
  centreX = await submit(asOperator('con-medeu'), refusedAtIntake('medeu', 'пр. Достык, 1'));
  centreY = await submit(asOperator('con-zhetysu'), refusedAtIntake('zhetysu', 'ул. Палладина, 3'));
  // Every application through its process: the cabinet messages, receipts and out-tray items now exist.
  await Promise.all(
    [appA, appB, centreX, centreY].map(async (id) =>
      processEnded(api.camunda, await until(`${id} to start`, () => api.applications.processInstanceId(id)), 120_000),
    ),
  );
}, 240_000);

const cabinetOf = async (session: { Authorization: string }) => {
  const res = await running.api.http().get('/cabinet').set(session);
  expect(res.status).toBe(200);
  return res.body.messages as Item[];
};
const outTrayOf = async (centre: string) => {
  const res = await running.api.http().get('/out-tray').set(asOperator(centre));
  expect([res.status, res.body.centre]).toEqual([200, centre]);
  return res.body.items as Item[];
};

describe('applicants', () => {
  it('A cannot read, list or act on B’s application: it is 404, as if it did not exist', async () => {
    const { api } = running;
    expect((await api.http().get(`/applications/${appA}`).set(a)).status).toBe(200);
    expect((await api.http().get(`/applications/${appB}`).set(b)).status).toBe(200);
    const other = await api.http().get(`/applications/${appB}`).set(a);
    expect(other.status).toBe(404);
    expect(JSON.stringify(other.body)).not.toContain(iinB);
    const listed = (await api.http().get('/applications').set(a)).body.applications.map((x: { id: string }) => x.id);
    expect(listed).toContain(appA);
    expect(listed).not.toContain(appB);
    expect((await api.http().get(`/applications/${appB}/receipt`).set(a)).status).toBe(403);
    expect((await api.http().post(`/out-tray/${appB}/handed-over`).set(a)).status).toBe(403);
  });

  it('each applicant’s cabinet has their own messages and none of the other’s', async () => {
    const [cabinetA, cabinetB] = [await cabinetOf(a), await cabinetOf(b)];
    expect(ofApp(cabinetA, appA).map((m) => m.kind)).toEqual(['accepted', 'result']);
    expect(ofApp(cabinetB, appB).map((m) => m.kind)).toEqual(['accepted', 'result']);
    expect(ofApp(cabinetA, appB)).toEqual([]);
    expect(ofApp(cabinetB, appA)).toEqual([]);
  });

  it('an operator cannot read a portal applicant’s application', async () => {
    expect((await running.api.http().get(`/applications/${appA}`).set(asOperator('con-medeu'))).status).toBe(404);
  });
});

describe('State Corporation centres', () => {
  it('an operator of centre X cannot see centre Y’s applications, receipts or out-tray', async () => {
    const { api } = running;
    const x = asOperator('con-medeu');
    const y = asOperator('con-zhetysu');
    expect((await api.http().get(`/applications/${centreX}`).set(x)).status).toBe(200);
    expect((await api.http().get(`/applications/${centreY}`).set(x)).status).toBe(404);
    const listed = (await api.http().get('/applications').set(x)).body.applications.map((r: { id: string }) => r.id);
    expect(listed).toContain(centreX);
    expect(listed).not.toContain(centreY);
    // The receipt exists and its centre reads it; the other centre is told nothing of it.
    const own = await api.http().get(`/applications/${centreX}/receipt`).set(x);
    expect(own.status).toBe(200);
    const number = /№ (R-[A-Z]+-\d{4}-\d{6})/.exec(own.text)?.[1];
    expect(number).toMatch(/^R-/);
    expect((await api.http().get(`/applications/${centreY}/receipt`).set(y)).status).toBe(200);
    const outsider = await api.http().get(`/applications/${centreX}/receipt`).set(y);
    expect(outsider.status).toBe(404);
    expect(outsider.text).not.toContain(number);
    // Each out-tray holds its own centre's item and not the other's.
    const [trayX, trayY] = [await outTrayOf('con-medeu'), await outTrayOf('con-zhetysu')];
    expect(ofApp(trayX, centreX)).toEqual([expect.objectContaining({ kind: 'refusal-receipt', handedOver: null })]);
    expect(ofApp(trayY, centreY)).toEqual([expect.objectContaining({ kind: 'refusal-receipt', handedOver: null })]);
    expect(ofApp(trayY, centreX)).toEqual([]);
    expect(ofApp(trayX, centreY)).toEqual([]);
    // The other centre cannot hand X's item over: 404, and X's item is still waiting.
    expect((await api.http().post(`/out-tray/${centreX}/handed-over`).set(y)).status).toBe(404);
    expect(ofApp(await outTrayOf('con-medeu'), centreX)).toEqual([
      expect.objectContaining({ kind: 'refusal-receipt', handedOver: null }),
    ]);
  });
});

describe('credentials', () => {
  const routes: Array<[string, string]> = [
    ['post', '/applications'],
    ['get', '/applications'],
    ['get', `/applications/00000000-0000-4000-8000-000000000000`],
    ['get', '/applications/00000000-0000-4000-8000-000000000000/receipt'],
    ['get', '/out-tray'],
    ['post', '/out-tray/00000000-0000-4000-8000-000000000000/handed-over'],
    ['get', '/cabinet'],
    ['delete', '/portal/sessions/current'],
  ];
  const credentials: Array<[string, Record<string, string>]> = [
    ['none', {}],
    ['a wrong API key', { Authorization: 'ApiKey wrong-key-wrong-key-wrong' }],
    ['a wrong session', { Authorization: 'Bearer no-such-session-token-0123456789' }],
    ['a malformed header', { Authorization: 'Basic ZGVtbzpkZW1v' }],
  ];
  it.each(credentials)('%s: every protected route is 401 and says how to authenticate', async (_name, headers) => {
    for (const [method, path] of routes) {
      const res = await (running.api.http() as unknown as Record<string, (p: string) => import('supertest').Test>)
        [method](path)
        .set(headers)
        .send({});
      expect([method, path, res.status]).toEqual([method, path, 401]);
      expect(res.headers['www-authenticate']).toContain('Bearer');
      expect(res.body.type).toBe(problemType('unauthorized'));
    }
  });
});

it('every read and write of an application leaves an audit entry: who, what, when, which application, and no personal data', async () => {
  await running.api.http().get(`/applications/${appA}`).set(a);
  const rows = await running.api.redis.xrevrange(AUDIT_STREAM, '+', '-', 'COUNT', 10_000);
  const entries = rows
    .map(
      ([, fields]) =>
        Object.fromEntries(
          Array.from({ length: fields.length / 2 }, (_, i) => [fields[2 * i], fields[2 * i + 1]]),
        ) as Record<string, string>,
    )
    .filter((e) => e.applicationId === appA);
  const actions = entries.map((e) => e.action);
  expect(actions).toEqual(expect.arrayContaining(['create', 'read', 'list']));
  for (const e of entries) {
    expect(e.actor).toMatch(/^applicant:[0-9a-f]{12}$/);
    expect(Date.parse(e.at)).not.toBeNaN();
    expect(JSON.stringify(e)).not.toContain(iinA);
    expect(JSON.stringify(e)).not.toContain('Омарова');
  }
});
