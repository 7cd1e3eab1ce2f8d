import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Dossier } from '../../src/domain/application.js';
import { testApi } from '../support/api.js';
import { newCa, revoke, runCa, signedDossier, type SigningOptions, type TestCa } from '../support/eds.js';
import { COMPLETE_DOCUMENTS, dossier, freshIin } from '../support/fixtures.js';
import { processEnded, startWorkers, until, type TestWorkers } from '../support/harness.js';

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
    expect(cabinet.map((m: { kind: string }) => m.kind)).toEqual(['accepted', 'result']);
    const [accepted, result] = cabinet;
    expect(Date.parse(accepted.readyBy) - Date.parse(status.receivedAt)).toBe(10 * 86_400_000);
    expect(accepted.readyBy).toBe(status.readyBy);
    // §13 in Almaty time (UTC+5), with the zone said: five hours after the UTC instant.
    const almaty = new Date(Date.parse(status.readyBy) + 5 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
    expect(accepted.text.ru).toContain(`Результат будет готов до ${almaty} (время Алматы, UTC+5)`);
    expect(accepted.text.kk).toContain(`${almaty} дейін дайын болады (Алматы уақыты, UTC+5)`);
    expect(status.readyByLocal).toBe(`${almaty} (UTC+5, Almaty)`);
    expect(status.termMet).toBe(true);

    const certificate = await api.http().get('/provider-certificate');
    expect(certificate.status).toBe(200);
    expect(certificate.text).toContain('BEGIN CERTIFICATE');
    const dir = mkdtempSync(join(tmpdir(), 'result-'));
    writeFileSync(join(dir, 'provider.pem'), certificate.text);
    writeFileSync(join(dir, 'result.json'), result.document.content);
    writeFileSync(join(dir, 'result.p7s'), Buffer.from(result.document.signature, 'base64'));
    writeFileSync(join(dir, 'forged.json'), result.document.content.replace('"assigned"', '"refused"'));
    const verify = (content: string) =>
      spawnSync(
        'openssl',
        [
          'cms',
          '-verify',
          '-binary',
          '-inform',
          'DER',
          '-in',
          join(dir, 'result.p7s'),
          '-content',
          join(dir, content),
          '-CAfile',
          join(dir, 'provider.pem'),
          '-purpose',
          'any',
          '-out',
          '/dev/null',
        ],
        { encoding: 'utf8' },
      );
    const good = verify('result.json');
    expect(good.stderr).toContain('Verification successful');
    expect(good.status).toBe(0);
    expect(verify('forged.json').status).not.toBe(0);
    expect(JSON.parse(result.document.content)).toMatchObject({
      outcome: 'assigned',
      registrationNumber: status.registrationNumber,
      text: status.outcome.notification,
    });
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
            { type: 'application', file: { mediaType: 'application/pdf', content: pdf } },
            {
              type: 'identity-document',
              validUntil: '2030-01-01',
              file: { mediaType: 'application/pdf', content: png },
            },
            { type: 'family-income', file: { mediaType: 'text/html', content: pdf } },
            { type: 'housing-maintenance-bill' },
            { type: 'utility-bills', file: { mediaType: 'image/png', content: png } },
            { type: 'selfie', file: { mediaType: 'image/png', content: png } },
          ],
        }),
    });
    expect(ended.endEvents).toEqual(['EndEvent_DocumentsRefused']);
    expect(status.status).toBe('documents-refused');
    expect(status.outcome.missing).toEqual(['telecom-bill']);
    expect(status.outcome.unknown).toEqual(['selfie']);
    expect(status.outcome.files).toEqual([
      { type: 'identity-document', problem: 'unreadable' },
      { type: 'family-income', problem: 'type-not-allowed' },
      { type: 'housing-maintenance-bill', problem: 'file-missing' },
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
  it('refuses a wrong password and an unknown IIN alike, locks after repeated failures, and the lock holds against the right password', async () => {
    const iin = freshIin();
    expect((await api.http().post('/portal/accounts').send({ iin, password: 'short' })).status).toBe(422);
    expect((await api.http().post('/portal/accounts').send({ iin, password: 'a long enough password' })).status).toBe(
      201,
    );
    expect((await api.http().post('/portal/accounts').send({ iin, password: 'another long password' })).status).toBe(
      409,
    );
    const wrong = await api.http().post('/portal/sessions').send({ iin, password: 'not the password' });
    const unknown = await api.http().post('/portal/sessions').send({ iin: freshIin(), password: 'whatever it is' });
    expect([wrong.status, wrong.body.error]).toEqual([401, 'invalid-credentials']);
    expect(unknown.body).toEqual(wrong.body);
    for (let i = 0; i < api.config.LOGIN_MAX_FAILURES - 2; i++)
      await api.http().post('/portal/sessions').send({ iin, password: 'not the password' });
    const locked = await api.http().post('/portal/sessions').send({ iin, password: 'not the password' });
    expect(locked.status).toBe(423);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    expect((await api.http().post('/portal/sessions').send({ iin, password: 'a long enough password' })).status).toBe(
      423,
    );
    const { accountKey } = await import('../../src/store/accounts.js');
    const { applicantKey } = await import('../../src/domain/iin.js');
    const stored = await api.redis.hget(accountKey(applicantKey(iin, api.config.APPLICANT_KEY_SECRET)), 'passwordHash');
    expect(stored).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(stored).not.toContain('a long enough password');
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
    await api.http().post('/portal/accounts').send({ iin, password: 'a long enough password' });
    const { Accounts } = await import('../../src/store/accounts.js');
    const short = new Accounts(api.redis, {
      keySecret: api.config.APPLICANT_KEY_SECRET,
      sessionTtlSeconds: 1,
      maxFailures: 5,
      lockSeconds: 60,
    });
    const signIn = await short.signIn(iin, 'a long enough password');
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
