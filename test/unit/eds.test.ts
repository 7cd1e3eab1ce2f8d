import { beforeAll, describe, expect, it } from '@jest/globals';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { signedContent, type Dossier } from '../../src/domain/application.js';
import { signDetached } from '../../src/domain/cms.js';
import {
  checkEds,
  CrlError,
  crlRevocation,
  isSigningCertificate,
  RevocationUnavailable,
  trustedCrls,
  verifySignedBytes,
  type EdsTrust,
} from '../../src/domain/eds.js';
import { crlPem, issueApplicantCertificate } from '../../src/stack/authority.js';
import { newCa, signedDossier, type SigningOptions, type TestCa } from '../support/eds.js';
import { dossier } from '../support/fixtures.js';

let ca: TestCa;
let other: TestCa;
beforeAll(async () => {
  ca = await newCa('CN=Test National CA, C=KZ');
  other = await newCa('CN=Somebody Else CA, C=KZ');
});

const DAY = 86_400_000;
const content = (d: Dossier) => Buffer.from(signedContent(d), 'utf8');

/** The CA's root and issuing CA configured, and its current CRL revoking `revoked`. */
async function trustOf(authority: TestCa, revoked: string[] = [], authorities?: x509.X509Certificate[]) {
  const crls = await trustedCrls(await crlPem(authority, revoked), [authority.cert], new Date());
  return {
    authorities: authorities ?? [authority.root!.cert, authority.cert],
    revocation: [crlRevocation(() => Promise.resolve(crls))],
  } satisfies EdsTrust;
}

async function check(options: SigningOptions & { by?: TestCa; trust?: EdsTrust; mutate?: (d: Dossier) => void } = {}) {
  const { dossier: d } = await signedDossier(options.by ?? ca, dossier({ channel: 'portal' }), options);
  options.mutate?.(d);
  return checkEds({
    content: content(d),
    cms: d.signature?.cms,
    applicantIin: d.applicant.iin,
    now: new Date(),
    trust: options.trust ?? (await trustOf(ca)),
  });
}

describe('condition 2: the EDS (CMS over the request)', () => {
  it('accepts a valid signature by the applicant’s signing certificate from the trusted CA, and says whose it is', async () => {
    expect(await check()).toEqual([]);
    const d = dossier({ channel: 'portal' });
    const signed = await signedDossier(ca, d);
    const verdict = await verifySignedBytes(content(d), signed.dossier.signature!.cms, await trustOf(ca), new Date());
    expect(verdict).toMatchObject({ ok: true, iin: d.applicant.iin });
  });
  it('refuses an expired certificate, and one not yet valid', async () => {
    expect(await check({ notBefore: new Date(Date.now() - 20 * DAY), notAfter: new Date(Date.now() - DAY) })).toEqual([
      'certificate-expired',
    ]);
    expect(await check({ notBefore: new Date(Date.now() + DAY), notAfter: new Date(Date.now() + 20 * DAY) })).toEqual([
      'certificate-not-yet-valid',
    ]);
  });
  it('refuses a certificate of another person, and one without an IIN', async () => {
    expect(await check({ certificateIin: '870412300129' })).toEqual(['iin-mismatch']);
    expect(await check({ certificateIin: 'none' })).toEqual(['certificate-without-iin']);
  });
  it('refuses a certificate from another CA', async () => {
    expect(await check({ by: other })).toEqual(['certificate-untrusted']);
  });
  it('refuses a signature over other content, and a request changed after signing', async () => {
    expect(await check({ tamper: true })).toEqual(['signature-invalid']);
    expect(
      await check({
        mutate: (d) => {
          d.housingCosts.rent += 1;
        },
      }),
    ).toEqual(['signature-invalid']);
  });
  it('verifies over the request only: an attached CMS over other text is refused, over the request’s exact bytes accepted', async () => {
    expect(await check({ attached: 'I agree to the terms of the newsletter' })).toEqual(['signed-content-differs']);
    expect(await check({ attached: (request) => `${request} ` })).toEqual(['signed-content-differs']);
    expect(await check({ attached: (request) => request })).toEqual([]);
  });
  it('refuses a request signed with the person’s authentication certificate', async () => {
    expect(await check({ purpose: 'authentication' })).toEqual(['not-a-signing-certificate']);
  });
  it('refuses a certificate the CA revoked, and accepts it while the CRL does not list it', async () => {
    const { dossier: d, serial } = await signedDossier(ca, dossier({ channel: 'portal' }));
    const run = async (revoked: string[]) =>
      checkEds({
        content: content(d),
        cms: d.signature!.cms,
        applicantIin: d.applicant.iin,
        now: new Date(),
        trust: await trustOf(ca, revoked),
      });
    expect(await run([serial])).toEqual(['certificate-revoked']);
    expect(await run(['01'])).toEqual([]);
  });
  it('refuses a missing signature and garbage', async () => {
    const d = dossier({ channel: 'portal' });
    const base = { content: content(d), applicantIin: d.applicant.iin, now: new Date(), trust: await trustOf(ca) };
    expect(await checkEds(base)).toEqual(['signature-missing']);
    expect(await checkEds({ ...base, cms: Buffer.from('not a signature').toString('base64') })).toEqual([
      'signature-malformed',
    ]);
  });
  it('trusts nobody when no CA is configured', async () => {
    expect(await check({ trust: { ...(await trustOf(ca)), authorities: [] } })).toEqual(['certificate-untrusted']);
  });
});

describe('the chain to a configured root', () => {
  it('builds through an issuing CA the CMS carries when only the root is configured, and not without it', async () => {
    const rootOnly = await trustOf(ca, [], [ca.root!.cert]);
    expect(await check({ trust: rootOnly, withChain: true })).toEqual([]);
    expect(await check({ trust: rootOnly })).toEqual(['certificate-untrusted']);
  });
  it('does not take an issuing CA as a root: a configured intermediate without its root is not trusted', async () => {
    expect(await check({ trust: await trustOf(ca, [], [ca.cert]) })).toEqual(['certificate-untrusted']);
  });
  it('does not take an issuing CA of another PKI that the CMS carries', async () => {
    expect(await check({ by: other, withChain: true })).toEqual(['certificate-untrusted']);
  });
  it('refuses a certificate whose issuing CA is out of its validity', async () => {
    const lapsed = await newCa('CN=Lapsed National CA, C=KZ', {
      notBefore: new Date(Date.now() - 400 * DAY),
      notAfter: new Date(Date.now() - DAY),
    });
    expect(await check({ by: lapsed, trust: await trustOf(lapsed) })).toEqual(['issuer-certificate-not-valid']);
  });
});

describe('revocation cannot be skipped', () => {
  it('with no revocation source nothing passes: the check throws (an incident), it neither accepts nor refuses', async () => {
    await expect(check({ trust: { ...(await trustOf(ca)), revocation: [] } })).rejects.toThrow(RevocationUnavailable);
  });
  it('a CRL past its next update at the time of the check, or none of the issuing CA, throws', async () => {
    const stale = await trustedCrls(await crlPem(ca, [], new Date(Date.now() + 60_000)), [ca.cert], new Date());
    const trust = { authorities: [ca.root!.cert, ca.cert], revocation: [crlRevocation(() => Promise.resolve(stale))] };
    const { dossier: d } = await signedDossier(ca, dossier({ channel: 'portal' }));
    const at = (now: Date) => verifySignedBytes(content(d), d.signature!.cms, trust, now);
    expect(await at(new Date())).toMatchObject({ ok: true });
    await expect(at(new Date(Date.now() + 120_000))).rejects.toThrow(/out of date/);
    const foreign = await trustedCrls(await crlPem(other, []), [other.cert], new Date());
    await expect(
      check({ trust: { ...trust, revocation: [crlRevocation(() => Promise.resolve(foreign))] } }),
    ).rejects.toThrow(CrlError);
  });
  it('does not use a CRL from another CA, one out of date, or garbage: that is the provider’s failure, not a refusal', async () => {
    await expect(trustedCrls(await crlPem(other, []), [ca.cert], new Date())).rejects.toThrow(CrlError);
    await expect(trustedCrls(await crlPem(ca, [], new Date(Date.now() - 1000)), [ca.cert], new Date())).rejects.toThrow(
      /out of date/,
    );
    await expect(trustedCrls('garbage', [ca.cert], new Date())).rejects.toThrow(/cannot be read/);
  });
});

describe('a signing certificate (the NCA’s signing, not its AUTH, certificate)', () => {
  const issue = async (purpose: 'signing' | 'authentication') =>
    (await issueApplicantCertificate(ca, '900101300123', { purpose })).certificate;
  it('is the one with digitalSignature and nonRepudiation', async () => {
    expect(isSigningCertificate(await issue('signing'))).toBe(true);
    expect(isSigningCertificate(await issue('authentication'))).toBe(false);
  });
  it('is not a certificate without keyUsage, a CA, or one whose extKeyUsage is clientAuth only', async () => {
    const keys = await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
    const make = (extensions: x509.Extension[]) =>
      x509.X509CertificateGenerator.createSelfSigned({
        serialNumber: '01',
        name: 'CN=x, 2.5.4.5=IIN900101300123',
        keys,
        signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
        extensions,
      });
    const signing = new x509.KeyUsagesExtension(
      x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation,
      true,
    );
    expect(isSigningCertificate(await make([]))).toBe(false);
    expect(isSigningCertificate(await make([signing, new x509.BasicConstraintsExtension(true)]))).toBe(false);
    expect(
      isSigningCertificate(
        await make([
          signing,
          new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth, '1.2.398.3.3.4.1.1']),
        ]),
      ),
    ).toBe(false);
    expect(
      isSigningCertificate(
        await make([
          signing,
          new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.emailProtection, '1.2.398.3.3.4.1.1']),
        ]),
      ),
    ).toBe(true);
  });
});

describe('signDetached', () => {
  it('makes an attached CMS that carries the content', async () => {
    const { certificate, privateKey } = await issueApplicantCertificate(ca, '900101300123');
    const cms = await signDetached(Buffer.from('hello'), { certificate, privateKey }, { attached: true });
    expect(cms.includes(Buffer.from('hello'))).toBe(true);
  });
});
