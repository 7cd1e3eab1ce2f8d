import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Dossier } from '../../src/domain/application.js';
import { PASSWORD, testApi } from '../support/api.js';
import {
  newCa,
  revoke,
  runCa,
  signedChallenge,
  signedDossier,
  type SigningOptions,
  type TestCa,
} from '../support/eds.js';
import { COMPLETE_DOCUMENTS, dossier, freshIin } from '../support/fixtures.js';
import { processEnded, startWorkers, until, type TestWorkers } from '../support/harness.js';
import { binOf, opensslVerifies } from '../support/signature.js';
import { Accounts, accountKey, hashPassword } from '../../src/store/accounts.js';
import { applicantKey } from '../../src/domain/iin.js';
import { almatyDateTime } from '../../src/domain/almaty.js';
import { loadRegulation } from '../../src/config.js';
import { problemType } from '../../src/api/respond.js';

/** Path B over HTTP (§12–§14): accounts, the three conditions and their refusals, the cabinet, the signed result. */
let api: ReturnType<typeof testApi>;
let workers: TestWorkers;
let ca: TestCa;
beforeAll(async () => {
  api = testApi();
  workers = startWorkers();
  ca = await runCa();
});
afterAll(async () => {
  await workers.stop();
  await api.close();
});

const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n').toString('base64');
const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]).toString('base64');

/** A portal request with an electronic copy of every §9 document. */
function portalRequest(iin: string, overrides: Partial<Dossier> = {}): Dossier {
  return dossier({
    channel: 'portal',
    applicant: { iin, fullName: 'Нурлан Абенов' },
    documents: COMPLETE_DOCUMENTS.map((d) => ({ ...d, file: { mediaType: 'application/pdf', content: pdf } })),
    ...overrides,
  });
}

async function apply(
  options: SigningOptions & { by?: TestCa; request?: (iin: string) => Dossier; sessionIin?: string } = {},
) {
  const iin = freshIin();
  const session = await api.asApplicant(options.sessionIin ?? iin);
  const signed = await signedDossier(options.by ?? ca, (options.request ?? portalRequest)(iin), options);
  const res = await api.http().post('/applications').set(session).send(signed.dossier);
  expect(res.status).toBe(202);
  const processInstanceId = await until('the process to start', () => api.applications.processInstanceId(res.body.id));
  const ended = await processEnded(api.camunda, processInstanceId);
  const status = await api.http().get(`/applications/${res.body.id}`).set(session);
  expect(status.status).toBe(200);
  const cabinet = (await api.http().get('/cabinet').set(session)).body.messages.filter(
    (m: { applicationId: string }) => m.applicationId === res.body.id,
  );
  return { id: res.body.id as string, ended, status: status.body, cabinet, session, signed };
}

describe('a valid signed request', () => {
  it('is accepted with the ready-by date in the cabinet (§13), assigned, and the result in the cabinet verifies with openssl against the published certificate', async () => {
    const { ended, status, cabinet } = await apply();
    expect(ended.endEvents).toEqual(['EndEvent_AssistanceAssigned']);
    expect(status.status).toBe('assigned');
    expect(status.steps.map((s: { step: string }) => s.step)).toEqual([
      'condition 1',
      'condition 2',
      'condition 3',
      '§13',
      '1',
      '2',
      '3',
      '3 state data',
      '3 transfer',
      '4',
      '4 sheet',
      '4 decision',
      '4 check',
      '5',
      'process 7',
    ]);
    // Each step cited as the regulation numbers it (§12's points for the portal's, §6/§9/§10 for the provider's).
    const regulation = loadRegulation();
    for (const s of status.steps as Array<{ step: string; citation: string }>)
      expect(s.citation).toBe(regulation.steps.find((r) => r.step === s.step)?.cite);
    expect(status.steps[0].citation).toBe('§12 3) condition 1');
    const ran = new Set((await api.camunda.activityHistory(ended.id)).map((a) => a.activityId));
    for (const element of [
      'StartEvent_Portal',
      'Task_PortalAuthorization',
      'Task_EdsCheck',
      'Task_DocumentsCheck',
      'Task_CabinetAcceptance',
      'Task_CabinetDelivery',
    ])
      expect(ran).toContain(element);
    expect(cabinet.map((m: { kind: string }) => m.kind)).toEqual(['accepted', 'result']);
    const [accepted, result] = cabinet;
    expect(Date.parse(accepted.readyBy) - Date.parse(status.receivedAt)).toBe(10 * 86_400_000);
    expect(accepted.readyBy).toBe(status.readyBy);
    expect(accepted.atAlmaty).toBe(almatyDateTime(accepted.at));
    // §13 in Almaty time (UTC+5), with the zone said: five hours after the UTC instant.
    const almaty = new Date(Date.parse(status.readyBy) + 5 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
    expect(accepted.text.ru).toContain(`Результат будет готов до ${almaty} (время Алматы, UTC+5)`);
    expect(accepted.text.kk).toContain(`${almaty} дейін дайын болады (Алматы уақыты, UTC+5)`);
    expect(status.readyByAlmaty).toBe(almaty);
    expect(accepted.readyByAlmaty).toBe(almaty);
    expect(status.termMet).toBe(true);

    // §14: signed by the department of the application's district, named with its BIN and official.
    const certificate = await api.http().get('/provider-certificates/bostandyk');
    expect(certificate.status).toBe(200);
    const { content, signature, signedBy } = result.document;
    expect(signedBy).toEqual({ district: 'bostandyk', bin: binOf(certificate.text), official: expect.any(String) });
    expect(JSON.parse(content).signedBy).toEqual(signedBy);
    expect(opensslVerifies(content, signature, certificate.text)).toBe(true);
    expect(opensslVerifies(content.replace('"assigned"', '"refused"'), signature, certificate.text)).toBe(false);
    const another = await api.http().get('/provider-certificates/almaly');
    expect(binOf(another.text)).not.toBe(signedBy.bin);
    expect(opensslVerifies(content, signature, another.text)).toBe(false);
    expect((await api.http().get('/provider-certificates/nowhere')).status).toBe(404);
    expect(JSON.parse(result.document.content)).toMatchObject({
      outcome: 'assigned',
      registrationNumber: status.registrationNumber,
      text: status.outcome.notification,
    });
  });

  it('needs no application file and no copy of what the registers supply (§11): the bills alone pass condition 3', async () => {
    const bills = ['housing-maintenance-bill', 'utility-bills', 'telecom-bill'];
    const { ended, status } = await apply({
      request: (iin) =>
        portalRequest(iin, {
          documents: bills.map((type) => ({ type, file: { mediaType: 'application/pdf', content: pdf } })),
        }),
    });
    expect(ended.endEvents).toEqual(['EndEvent_AssistanceAssigned']);
    expect(status.status).toBe('assigned');
    expect(status.steps.map((s: { step: string }) => s.step)).toContain('condition 3');
  });
});

describe('each portal refusal ends in its own end event, with the reason shown to the applicant', () => {
  const edsCases: Array<[string, () => Promise<Parameters<typeof apply>[0]>, string[]]> = [
    [
      'an expired certificate',
      async () => ({ notBefore: new Date(Date.now() - 30 * 86_400_000), notAfter: new Date(Date.now() - 86_400_000) }),
      ['certificate-expired'],
    ],
    ['a certificate with another IIN', async () => ({ certificateIin: freshIin() }), ['iin-mismatch']],
    ['a signature over other content', async () => ({ tamper: true }), ['signature-invalid']],
    [
      'a certificate of an unknown CA',
      async () => ({ by: await newCa('CN=Unknown CA, C=KZ') }),
      ['certificate-untrusted'],
    ],
  ];
  it.each(edsCases)('EDS (process 4): %s', async (_name, options, problems) => {
    const { ended, status, cabinet } = await apply(await options());
    expect(ended.endEvents).toEqual(['EndEvent_EdsRefused']);
    expect(status.status).toBe('eds-refused');
    expect(status.outcome.problems).toEqual(problems);
    expect(cabinet).toHaveLength(1);
    expect(cabinet[0]).toMatchObject({ kind: 'refusal', text: status.outcome.reason });
    expect(status.outcome.reason.ru).toContain('Отказ в связи с неподтверждением ЭЦП заявителя');
  });

  it('EDS (process 4): a certificate the CA has revoked (its CRL)', async () => {
    const iin = freshIin();
    const session = await api.asApplicant(iin);
    const signed = await signedDossier(ca, portalRequest(iin));
    await revoke(signed.serial);
    const res = await api.http().post('/applications').set(session).send(signed.dossier);
    const ended = await processEnded(
      api.camunda,
      await until('start', () => api.applications.processInstanceId(res.body.id)),
    );
    const status = (await api.http().get(`/applications/${res.body.id}`).set(session)).body;
    expect(ended.endEvents).toEqual(['EndEvent_EdsRefused']);
    expect(status.outcome.problems).toEqual(['certificate-revoked']);
    expect(status.outcome.reason.ru).toContain('сертификат ЭЦП отозван');
  });

  it('documents (process 6): a missing copy, a file that is not what it claims, a type not accepted, an unknown document', async () => {
    const { ended, status, cabinet } = await apply({
      request: (iin) =>
        portalRequest(iin, {
          documents: [
            // §11: the registers supply identity, so no copy is needed; one attached must be sound all the same.
            { type: 'identity-document', file: { mediaType: 'application/pdf', content: png } },
            { type: 'housing-maintenance-bill', file: { mediaType: 'text/html', content: pdf } },
            { type: 'telecom-bill', file: { mediaType: 'application/pdf', content: png } },
            { type: 'lease-agreement' },
            { type: 'selfie', file: { mediaType: 'image/png', content: png } },
          ],
        }),
    });
    expect(ended.endEvents).toEqual(['EndEvent_DocumentsRefused']);
    expect(status.status).toBe('documents-refused');
    expect(status.outcome.missing).toEqual(['utility-bills']);
    expect(status.outcome.unknown).toEqual(['selfie']);
    expect(status.outcome.files).toEqual([
      { type: 'housing-maintenance-bill', problem: 'type-not-allowed' },
      { type: 'telecom-bill', problem: 'unreadable' },
      { type: 'lease-agreement', problem: 'file-missing' },
      { type: 'identity-document', problem: 'unreadable' },
    ]);
    expect(cabinet[0].text.ru).toContain('Отказ в связи с нарушениями в документах заявителя');
    expect(cabinet[0].text.ru).toContain('файл не читается');
  });

  it('authorization (process 2): a request naming another person than the signed-in account holder', async () => {
    const holder = freshIin();
    const { ended, status, cabinet } = await apply({ sessionIin: holder });
    expect(ended.endEvents).toEqual(['EndEvent_AuthorizationRefused']);
    expect(status.status).toBe('authorization-refused');
    expect(status.outcome.reason.ru).toBe('Отказ в авторизации в связи с нарушениями в данных заявителя.');
    expect(cabinet).toEqual([expect.objectContaining({ kind: 'refusal', text: status.outcome.reason })]);
  });
});

describe('accounts and sessions (process 1, condition 1)', () => {
  const storedHash = (iin: string) =>
    api.redis.hget(accountKey(applicantKey(iin, api.config.APPLICANT_KEY_SECRET)), 'passwordHash');
  const signIn = (iin: string, password: string) => api.http().post('/portal/sessions').send({ iin, password });

  it('registers only who signs a fresh challenge with the EDS of that IIN: a stranger cannot take an IIN first', async () => {
    const iin = freshIin();
    const issued = await api.http().post('/portal/challenges');
    expect(issued.status).toBe(201);
    expect(issued.body.challenge).toMatch(/^almaty-housing-assistance portal account [\w-]{43}$/);
    expect(Date.parse(issued.body.expiresAt) - Date.now()).toBeGreaterThan(0);

    const refusals: Array<[string, Parameters<typeof api.register>[2], string[]]> = [
      ['a certificate with another IIN', { certificateIin: freshIin() }, ['iin-mismatch']],
      ['a certificate of an unknown CA', { by: await newCa('CN=Unknown CA, C=KZ') }, ['certificate-untrusted']],
      ['a signature over other bytes', { tamper: true }, ['signature-invalid']],
      [
        'an expired certificate',
        { notBefore: new Date(Date.now() - 30 * 86_400_000), notAfter: new Date(Date.now() - 86_400_000) },
        ['certificate-expired'],
      ],
    ];
    for (const [name, options, problems] of refusals) {
      const res = await api.register(iin, 'the stranger’s password', options);
      expect([name, res.status, res.body.type, res.body.problems]).toEqual([
        name,
        422,
        problemType('signature-refused'),
        problems,
      ]);
    }
    // A revoked certificate (the CA's CRL), signed over a fresh challenge.
    const challenge = (await api.http().post('/portal/challenges')).body.challenge as string;
    const revokedSignature = await signedChallenge(ca, iin, challenge);
    await revoke(revokedSignature.serial);
    const revoked = await api
      .http()
      .post('/portal/accounts')
      .send({ iin, password: 'the stranger’s password', challenge, signature: { cms: revokedSignature.cms } });
    expect([revoked.status, revoked.body.problems]).toEqual([422, ['certificate-revoked']]);
    expect(await storedHash(iin)).toBeNull();
    expect((await signIn(iin, 'the stranger’s password')).status).toBe(401);

    // The challenge must be one the service issued, and is good once.
    const madeUp = await api.register(iin, PASSWORD, { challenge: 'almaty-housing-assistance portal account x' });
    expect([madeUp.status, madeUp.body.type, madeUp.body.errors]).toEqual([
      422,
      problemType('challenge-invalid'),
      [{ field: 'challenge', message: 'unknown, used or expired' }],
    ]);
    const fresh = (await api.http().post('/portal/challenges')).body.challenge as string;
    expect((await api.register(iin, PASSWORD, { challenge: fresh })).status).toBe(200);
    expect((await api.register(iin, 'a replayed password', { challenge: fresh })).body.type).toBe(
      problemType('challenge-invalid'),
    );

    const unsigned = await api.http().post('/portal/accounts').send({ iin, password: 'short', challenge: fresh });
    expect(unsigned.status).toBe(422);
    expect(unsigned.body.errors.map((f: { field: string }) => f.field).sort()).toEqual(['password', 'signature']);

    expect((await signIn(iin, PASSWORD)).status).toBe(201);
    expect((await signIn(iin, 'a replayed password')).status).toBe(401);
    const stored = await storedHash(iin);
    expect(stored).toMatch(/^scrypt\$131072\$8\$1\$/);
    expect(stored).not.toContain(PASSWORD);
  });

  it('answers a known IIN as a new one: signing again resets the password and ends the old sessions', async () => {
    const known = freshIin();
    const first = await api.register(known, 'the first long password');
    const old = await signIn(known, 'the first long password');
    expect(old.status).toBe(201);
    const again = await api.register(known, 'the second long password');
    const unknown = await api.register(freshIin(), 'the second long password');
    expect([again.status, again.body]).toEqual([first.status, first.body]);
    expect([unknown.status, unknown.body]).toEqual([first.status, first.body]);
    expect(first.status).toBe(200);
    expect(
      (
        await api
          .http()
          .get('/applications')
          .set({ Authorization: `Bearer ${old.body.token}` })
      ).status,
    ).toBe(401);
    expect((await signIn(known, 'the first long password')).status).toBe(401);
    expect((await signIn(known, 'the second long password')).status).toBe(201);
  });

  it('rehashes a password stored with older scrypt parameters at the next sign-in', async () => {
    const iin = freshIin();
    expect((await api.register(iin, PASSWORD)).status).toBe(200);
    const key = accountKey(applicantKey(iin, api.config.APPLICANT_KEY_SECRET));
    await api.redis.hset(key, 'passwordHash', await hashPassword(PASSWORD, { N: 16384, r: 8, p: 1 }));
    expect((await signIn(iin, 'not the password')).status).toBe(401);
    expect(await storedHash(iin)).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect((await signIn(iin, PASSWORD)).status).toBe(201);
    expect(await storedHash(iin)).toMatch(/^scrypt\$131072\$8\$1\$/);
    expect((await signIn(iin, PASSWORD)).status).toBe(201);
    expect((await signIn(iin, 'not the password')).status).toBe(401);
  });

  describe('from several client addresses', () => {
    const running: Array<{ api: ReturnType<typeof testApi>; server: Server }> = [];
    let perAccount: { api: ReturnType<typeof testApi>; port: number };
    let perClient: { api: ReturnType<typeof testApi>; port: number };
    async function listening(overrides: Parameters<typeof testApi>[0]) {
      const api = testApi(overrides);
      const server = api.app.listen(0, '0.0.0.0');
      running.push({ api, server });
      await new Promise((r) => server.once('listening', r));
      return { api, port: (server.address() as AddressInfo).port };
    }
    beforeAll(async () => {
      perAccount = await listening({ LOGIN_MAX_FAILURES: 3 });
      perClient = await listening({ LOGIN_MAX_FAILURES: 100, LOGIN_CLIENT_MAX_FAILURES: 5 });
    });
    afterAll(async () => {
      for (const { api, server } of running) {
        await new Promise((r) => server.close(r));
        await api.close();
      }
    });
    // Loopback answers from all of 127.0.0.0/8: each test's clients get addresses of their own.
    let next = 10 + Math.floor(Math.random() * 200);
    const newClient = () => `127.0.${next++}.${1 + Math.floor(Math.random() * 250)}`;
    const signInFrom = (port: number, from: string, iin: string, password: string) =>
      new Promise<{ status: number; retryAfter?: string; body: Record<string, unknown> }>((resolve, reject) => {
        const body = JSON.stringify({ iin, password });
        const req = httpRequest(
          {
            host: '127.0.0.1',
            port,
            localAddress: from,
            method: 'POST',
            path: '/portal/sessions',
            headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
          },
          (res) => {
            let text = '';
            res.on('data', (d) => (text += d));
            res.on('end', () =>
              resolve({
                status: res.statusCode ?? 0,
                retryAfter: res.headers['retry-after'],
                body: JSON.parse(text) as Record<string, unknown>,
              }),
            );
          },
        );
        req.on('error', reject);
        req.end(body);
      });

    it('slows down the failing client on an account, alike for an unknown IIN, while the owner signs in from elsewhere', async () => {
      const iin = freshIin();
      expect((await perAccount.api.register(iin, PASSWORD)).status).toBe(200);
      const { port } = perAccount;
      const attacker = newClient();
      const owner = newClient();
      const tries = async (target: string) => {
        const out = [];
        for (let i = 0; i < 4; i++) out.push(await signInFrom(port, attacker, target, 'not the password'));
        return out;
      };
      const onAccount = await tries(iin);
      const onNobody = await tries(freshIin());
      expect(onAccount.map((r) => r.status)).toEqual([401, 401, 401, 429]);
      expect(onNobody.map((r) => r.status)).toEqual([401, 401, 401, 429]);
      expect(onNobody.map((r) => r.body)).toEqual(onAccount.map((r) => r.body));
      expect(onAccount[3].retryAfter).toBe('1');
      expect(onAccount[3].body).toMatchObject({ type: problemType('slow-down'), status: 429, retryAfterSeconds: 1 });
      // The owner is not refused because of the attacker, not even on the attacker's wait.
      expect((await signInFrom(port, owner, iin, PASSWORD)).status).toBe(201);
      // After the wait, the attacker's next failure doubles it.
      await until('the attacker’s wait to pass', async () =>
        (await signInFrom(port, attacker, iin, 'not the password')).status === 401 ? true : undefined,
      );
      const doubled = await signInFrom(port, attacker, iin, PASSWORD);
      expect([doubled.status, doubled.retryAfter]).toEqual([429, '2']);
    });

    it('slows down a client failing on many accounts, not the others', async () => {
      const spraying = newClient();
      const { port } = perClient;
      const statuses = [];
      for (let i = 0; i < 6; i++)
        statuses.push((await signInFrom(port, spraying, freshIin(), 'a common password')).status);
      expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
      expect((await signInFrom(port, newClient(), freshIin(), 'a common password')).status).toBe(401);
    });
  });

  it('unknown IIN and wrong password answer alike in time too: the same scrypt work is done', async () => {
    // Failures enough not to be slowed down: this measures the answer, not the wait.
    const patient = testApi({ LOGIN_MAX_FAILURES: 1000 });
    try {
      const iin = freshIin();
      expect((await patient.register(iin, PASSWORD)).status).toBe(200);
      const timed = async (who: string) => {
        const started = performance.now();
        const res = await patient.http().post('/portal/sessions').send({ iin: who, password: 'not the password' });
        expect(res.status).toBe(401);
        return performance.now() - started;
      };
      await timed(iin);
      await timed(freshIin());
      const wrong: number[] = [];
      const unknown: number[] = [];
      // Interleaved, and the fastest of each: load on the machine only ever adds time. Skipping the
      // hash for an unknown IIN makes its answer a hundred times faster, far outside these bounds.
      for (let i = 0; i < 7; i++) {
        wrong.push(await timed(iin));
        unknown.push(await timed(freshIin()));
      }
      const ratio = Math.min(...unknown) / Math.min(...wrong);
      expect(ratio).toBeGreaterThan(0.5);
      expect(ratio).toBeLessThan(2);
    } finally {
      await patient.close();
    }
  });

  it('limits sign-in attempts per address', async () => {
    const limited = testApi({ LOGIN_RATE_PER_MINUTE: 3 });
    try {
      const statuses = [];
      for (let i = 0; i < 5; i++)
        statuses.push(
          (await limited.http().post('/portal/sessions').send({ iin: freshIin(), password: 'not the password' }))
            .status,
        );
      expect(statuses).toEqual([401, 401, 401, 429, 429]);
    } finally {
      await limited.close();
    }
  });

  it('a session signs out, and a signed-out token is 401', async () => {
    const session = await api.asApplicant(freshIin());
    expect((await api.http().get('/applications').set(session)).status).toBe(200);
    expect((await api.http().delete('/portal/sessions/current').set(session)).status).toBe(204);
    expect((await api.http().get('/applications').set(session)).status).toBe(401);
  });

  it('a session expires', async () => {
    const iin = freshIin();
    expect((await api.register(iin, 'a long enough password')).status).toBe(200);
    const short = new Accounts(api.redis, {
      keySecret: api.config.APPLICANT_KEY_SECRET,
      sessionTtlSeconds: 1,
      challengeTtlSeconds: 60,
      maxFailures: 5,
      clientMaxFailures: 5,
      failureWindowSeconds: 60,
    });
    const signIn = await short.signIn(iin, 'a long enough password', 'a test client');
    if (!signIn.ok) throw new Error('sign-in failed');
    expect(
      (
        await api
          .http()
          .get('/applications')
          .set({ Authorization: `Bearer ${signIn.token}` })
      ).status,
    ).toBe(200);
    await new Promise((r) => setTimeout(r, 1_500));
    expect(
      (
        await api
          .http()
          .get('/applications')
          .set({ Authorization: `Bearer ${signIn.token}` })
      ).status,
    ).toBe(401);
  });
});
