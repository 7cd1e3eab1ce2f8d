import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as x509 from '@peculiar/x509';
import type { webcrypto } from 'node:crypto';
import { signedContent, type Dossier } from '../../src/domain/application.js';
import { signDetached } from '../../src/domain/cms.js';
import { RevocationUnavailable, verifySignedBytes } from '../../src/domain/eds.js';
import { OcspError } from '../../src/domain/ocsp.js';
import { edsTrust } from '../../src/platform/eds-trust.js';
import { crlPem, issueApplicantCertificate } from '../../src/stack/authority.js';
import { freePort, ROOT } from '../../src/stack/stack.js';
import { testApi } from '../support/api.js';
import { newCa, runCa, type TestCa } from '../support/eds.js';
import { COMPLETE_DOCUMENTS, dossier, freshIin } from '../support/fixtures.js';
import { processEnded, startWorkers, testConfig, until } from '../support/harness.js';
import { startOcspResponder, type OcspResponder } from '../support/ocsp-responder.js';

/** Revocation of the applicant's certificate (condition 2, §12): OCSP from a real responder, a CRL out of date, none at all. */
let api: ReturnType<typeof testApi>;
let ca: TestCa;
beforeAll(async () => {
  api = testApi();
  ca = await runCa();
});
afterAll(async () => {
  await api.close();
});

interface Person {
  iin: string;
  certificate: x509.X509Certificate;
  privateKey: webcrypto.CryptoKey;
}
const person = async (options: { ocspUrl?: string } = {}): Promise<Person> => {
  const iin = freshIin();
  return { iin, ...(await issueApplicantCertificate(ca, iin, options)) };
};

const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n').toString('base64');
const portalRequest = (iin: string): Dossier =>
  dossier({
    channel: 'portal',
    applicant: { iin, fullName: 'Нурлан Абенов' },
    documents: COMPLETE_DOCUMENTS.map((d) => ({ ...d, file: { mediaType: 'application/pdf', content: pdf } })),
  });

async function signed(p: Person): Promise<Dossier> {
  const request = portalRequest(p.iin);
  const cms = await signDetached(Buffer.from(signedContent(request), 'utf8'), p);
  return { ...request, signature: { cms: cms.toString('base64') } };
}

/** The one verification entry point, with the trust the configuration gives (as the eds-check worker and the API build it). */
async function verify(p: Person, settings: { EDS_OCSP_URL?: string; EDS_CRL_FILE?: string }) {
  const d = await signed(p);
  const trust = edsTrust(testConfig({ EDS_CRL_FILE: undefined, ...settings }));
  return verifySignedBytes(Buffer.from(signedContent(d), 'utf8'), d.signature!.cms, trust, new Date());
}

describe('OCSP against a real responder (openssl ocsp)', () => {
  let good: Person;
  let revoked: Person;
  let viaAia: Person;
  let responder: OcspResponder;
  beforeAll(async () => {
    good = await person();
    revoked = await person();
    // A certificate naming the responder in its AIA: the port is chosen before either exists.
    const port = await freePort();
    viaAia = await person({ ocspUrl: `http://127.0.0.1:${port}/` });
    responder = await startOcspResponder(
      ca,
      { good: [good.certificate, viaAia.certificate], revoked: [revoked.certificate] },
      ca,
      port,
    );
  });
  afterAll(async () => {
    await responder.stop();
  });

  it('good: the signer passes with their IIN; revoked: refused as revoked', async () => {
    expect(await verify(good, { EDS_OCSP_URL: responder.url })).toMatchObject({ ok: true, iin: good.iin });
    expect(await verify(revoked, { EDS_OCSP_URL: responder.url })).toEqual({
      ok: false,
      problems: ['certificate-revoked'],
      iin: revoked.iin,
    });
  });

  it('a certificate the responder does not know is no pass: the check fails (an incident), it is not refused', async () => {
    await expect(verify(await person(), { EDS_OCSP_URL: responder.url })).rejects.toThrow(/unknown/);
  });

  it('EDS_OCSP_URL=aia asks the responder the certificate names, and a certificate naming none cannot pass', async () => {
    expect(await verify(viaAia, { EDS_OCSP_URL: 'aia' })).toMatchObject({ ok: true, iin: viaAia.iin });
    await expect(verify(good, { EDS_OCSP_URL: 'aia' })).rejects.toThrow(/names no OCSP responder/);
  });

  it('an answer signed by a responder the CA did not delegate is not believed', async () => {
    const impostor = await startOcspResponder(
      ca,
      { good: [good.certificate], revoked: [] },
      await newCa('CN=Other CA, C=KZ'),
    );
    try {
      await expect(verify(good, { EDS_OCSP_URL: impostor.url })).rejects.toThrow(/not signed by the issuing CA/);
    } finally {
      await impostor.stop();
    }
  });

  it('responder down: a technical failure, not a pass', async () => {
    const down = await startOcspResponder(ca, { good: [good.certificate], revoked: [] });
    await down.stop();
    await expect(verify(good, { EDS_OCSP_URL: down.url })).rejects.toThrow(OcspError);
    await expect(verify(good, { EDS_OCSP_URL: down.url })).rejects.toThrow(/cannot be reached/);
  });

  it('through the engine: the eds-check worker asks OCSP and refuses a revoked certificate with its own end', async () => {
    const workers = startWorkers(undefined, { EDS_CRL_FILE: undefined, EDS_OCSP_URL: responder.url });
    try {
      const session = await api.asApplicant(revoked.iin);
      const res = await api
        .http()
        .post('/applications')
        .set(session)
        .send(await signed(revoked));
      expect(res.status).toBe(202);
      const pid = await until('the process to start', () => api.applications.processInstanceId(res.body.id));
      expect((await processEnded(api.camunda, pid)).endEvents).toEqual(['EndEvent_EdsRefused']);
      const status = (await api.http().get(`/applications/${res.body.id}`).set(session)).body;
      expect(status.outcome.problems).toEqual(['certificate-revoked']);
    } finally {
      await workers.stop();
    }
  });
});

describe('a bad or out-of-date CRL gives an incident, not a refusal (docs/architecture.md’s claim)', () => {
  it('the eds-check task fails into an incident naming the CRL; the application is not refused', async () => {
    const stale = join(mkdtempSync(join(tmpdir(), 'crl-')), 'stale.crl');
    writeFileSync(stale, await crlPem(ca, [], new Date(Date.now() - 1000)));
    const workers = startWorkers(undefined, { EDS_CRL_FILE: stale, WORKER_RETRIES: 1 });
    try {
      const applicant = await person();
      const session = await api.asApplicant(applicant.iin);
      const res = await api
        .http()
        .post('/applications')
        .set(session)
        .send(await signed(applicant));
      expect(res.status).toBe(202);
      const pid = await until('the process to start', () => api.applications.processInstanceId(res.body.id));
      const [incident] = await until('an incident', async () => {
        const found = await api.camunda.incidents({ processInstanceId: pid });
        return found.length ? found : null;
      });
      expect(incident.activityId).toBe('Task_EdsCheck');
      expect(incident.incidentType).toBe('failedExternalTask');
      expect(incident.incidentMessage).toContain('the CRL is out of date');
      const status = (await api.http().get(`/applications/${res.body.id}`).set(session)).body;
      expect(status.status).toBe('in-progress');
      // Condition 2 is still open (the incident holds it): neither passed nor refused.
      expect(status.steps.map((s: { step: string; endedAt?: string }) => [s.step, Boolean(s.endedAt)])).toEqual([
        ['condition 1', true],
        ['condition 2', false],
      ]);
      expect(status.outcome).toBeNull();
      const cabinet = (await api.http().get('/cabinet').set(session)).body.messages.filter(
        (m: { applicationId: string }) => m.applicationId === res.body.id,
      );
      expect(cabinet).toEqual([]);
    } finally {
      await workers.stop();
    }
  });
});

describe('with the portal on, no revocation source, no start', () => {
  const start = (cli: string) =>
    spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src', 'cli', cli)], {
      cwd: ROOT,
      env: { ...process.env, PORTAL_ENABLED: 'true', EDS_CRL_FILE: '' },
      encoding: 'utf8',
      timeout: 30_000,
    });
  it.each(['api.ts', 'workers.ts'])('%s refuses to start, naming the settings', (cli) => {
    const run = start(cli);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('configuration error: PORTAL_ENABLED is true but no revocation source is set');
    expect(run.stderr).toContain('EDS_CRL_FILE and/or EDS_OCSP_URL');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
  it('the check itself: no source is no pass', async () => {
    await expect(verify(await person(), {})).rejects.toThrow(RevocationUnavailable);
  });
});
