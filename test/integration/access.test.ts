import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AUDIT_STREAM } from '../../src/api/audit.js';
import { asOperator, testApi } from '../support/api.js';
import { dossier, makeIin } from '../support/fixtures.js';

/** Who may see what, over HTTP: each applicant and each centre only their own; no credential, no data. */
let api: ReturnType<typeof testApi>;
const iinA = makeIin(8100 + Math.floor(Math.random() * 300));
const iinB = makeIin(8500 + Math.floor(Math.random() * 300));
let a: { Authorization: string };
let b: { Authorization: string };
let appA: string;
let appB: string;
let centreX: string;
let centreY: string;

beforeAll(async () => {
  api = testApi();
  a = await api.asApplicant(iinA);
  b = await api.asApplicant(iinB);
  const submit = async (headers: Record<string, string>, body: object) =>
    (await api.http().post('/applications').set(headers).send(body)).body.id as string;
  appA = await submit(a, dossier({ channel: 'portal', applicant: { iin: iinA, fullName: 'Асель Омарова' } }));
  appB = await submit(b, dossier({ channel: 'portal', applicant: { iin: iinB, fullName: 'Бауыржан Омаров' } }));
  centreX = await submit(
    asOperator('con-medeu'),
    dossier({ address: { district: 'medeu', line: 'пр. Достык, 1' }, documents: [{ type: 'application' }] }),
  );
  centreY = await submit(
    asOperator('con-zhetysu'),
    dossier({ address: { district: 'zhetysu', line: 'ул. Палладина, 3' } }),
  );
});
afterAll(() => api.close());

describe('applicants', () => {
  it('A cannot read, list or act on B’s application: it is 404, as if it did not exist', async () => {
    expect((await api.http().get(`/applications/${appA}`).set(a)).status).toBe(200);
    const other = await api.http().get(`/applications/${appB}`).set(a);
    expect(other.status).toBe(404);
    expect(JSON.stringify(other.body)).not.toContain(iinB);
    const listed = (await api.http().get('/applications').set(a)).body.applications.map((x: { id: string }) => x.id);
    expect(listed).toContain(appA);
    expect(listed).not.toContain(appB);
    expect(
      (await api.http().get('/cabinet').set(a)).body.messages.every(
        (m: { applicationId: string }) => m.applicationId !== appB,
      ),
    ).toBe(true);
    expect((await api.http().get(`/applications/${appB}/receipt`).set(a)).status).toBe(403);
    expect((await api.http().post(`/out-tray/${appB}/handed-over`).set(a)).status).toBe(403);
  });

  it('an operator cannot read a portal applicant’s application', async () => {
    expect((await api.http().get(`/applications/${appA}`).set(asOperator('con-medeu'))).status).toBe(404);
  });
});

describe('State Corporation centres', () => {
  it('an operator of centre X cannot see centre Y’s applications, receipts or out-tray', async () => {
    const x = asOperator('con-medeu');
    expect((await api.http().get(`/applications/${centreX}`).set(x)).status).toBe(200);
    expect((await api.http().get(`/applications/${centreY}`).set(x)).status).toBe(404);
    const listed = (await api.http().get('/applications').set(x)).body.applications.map((r: { id: string }) => r.id);
    expect(listed).toContain(centreX);
    expect(listed).not.toContain(centreY);
    expect((await api.http().get(`/applications/${centreX}/receipt`).set(asOperator('con-zhetysu'))).status).toBe(404);
    expect((await api.http().post(`/out-tray/${centreX}/handed-over`).set(asOperator('con-zhetysu'))).status).toBe(404);
    const trayY = (await api.http().get('/out-tray').set(asOperator('con-zhetysu'))).body;
    expect(trayY.centre).toBe('con-zhetysu');
    expect(trayY.items.every((i: { applicationId: string }) => i.applicationId !== centreX)).toBe(true);
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
      const res = await (api.http() as unknown as Record<string, (p: string) => import('supertest').Test>)
        [method](path)
        .set(headers)
        .send({});
      expect([method, path, res.status]).toEqual([method, path, 401]);
      expect(res.headers['www-authenticate']).toContain('Bearer');
      expect(res.body.error).toBe('unauthorized');
    }
  });
});

it('every read and write of an application leaves an audit entry: who, what, when, which application, and no personal data', async () => {
  await api.http().get(`/applications/${appA}`).set(a);
  const rows = await api.redis.xrevrange(AUDIT_STREAM, '+', '-', 'COUNT', 10_000);
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
