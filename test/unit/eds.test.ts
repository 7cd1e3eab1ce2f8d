import { beforeAll, describe, expect, it } from '@jest/globals';
import * as x509 from '@peculiar/x509';
import { signedContent, type Dossier } from '../../src/domain/application.js';
import { crlPem } from '../../src/stack/authority.js';
import { checkEds, CrlError, trustedCrl } from '../../src/domain/eds.js';
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

async function check(
  options: SigningOptions & { by?: TestCa; crl?: x509.X509Crl; mutate?: (d: Dossier) => void } = {},
) {
  const { dossier: d } = await signedDossier(options.by ?? ca, dossier({ channel: 'portal' }), options);
  options.mutate?.(d);
  return checkEds({
    content: content(d),
    cms: d.signature?.cms,
    applicantIin: d.applicant.iin,
    now: new Date(),
    ca: ca.cert,
    crl: options.crl,
  });
}

describe('condition 2: the EDS (detached CMS over the request)', () => {
  it('accepts a valid signature by the applicant’s certificate from the trusted CA', async () => {
    expect(await check()).toEqual([]);
  });
  it('refuses an expired certificate, and one not yet valid', async () => {
    expect(await check({ notBefore: new Date(Date.now() - 20 * DAY), notAfter: new Date(Date.now() - DAY) })).toEqual([
      'certificate-expired',
    ]);
    expect(await check({ notBefore: new Date(Date.now() + DAY), notAfter: new Date(Date.now() + 20 * DAY) })).toEqual([
      'certificate-not-yet-valid',
    ]);
  });
  it('refuses a certificate of another person', async () => {
    expect(await check({ certificateIin: '870412300129' })).toEqual(['iin-mismatch']);
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
  it('refuses a certificate the CA revoked, and accepts it while the CRL does not list it', async () => {
    const { dossier: d, serial } = await signedDossier(ca, dossier({ channel: 'portal' }));
    const listing = await trustedCrl(await crlPem(ca, [serial]), ca.cert, new Date());
    const empty = await trustedCrl(await crlPem(ca, ['01']), ca.cert, new Date());
    const run = (crl: x509.X509Crl) =>
      checkEds({
        content: content(d),
        cms: d.signature!.cms,
        applicantIin: d.applicant.iin,
        now: new Date(),
        ca: ca.cert,
        crl,
      });
    expect(await run(listing)).toEqual(['certificate-revoked']);
    expect(await run(empty)).toEqual([]);
  });
  it('does not use a CRL from another CA or one out of date: that is the provider’s failure, not a refusal', async () => {
    await expect(trustedCrl(await crlPem(other, []), ca.cert, new Date())).rejects.toThrow(CrlError);
    await expect(trustedCrl(await crlPem(ca, [], new Date(Date.now() - 1000)), ca.cert, new Date())).rejects.toThrow(
      /out of date/,
    );
    await expect(trustedCrl('garbage', ca.cert, new Date())).rejects.toThrow(/cannot be read/);
  });
  it('refuses a missing signature and garbage', async () => {
    const d = dossier({ channel: 'portal' });
    const base = { content: content(d), applicantIin: d.applicant.iin, now: new Date(), ca: ca.cert };
    expect(await checkEds(base)).toEqual(['signature-missing']);
    expect(await checkEds({ ...base, cms: Buffer.from('not a signature').toString('base64') })).toEqual([
      'signature-malformed',
    ]);
  });
  it('trusts nobody when no CA is configured', async () => {
    const { dossier: d } = await signedDossier(ca, dossier({ channel: 'portal' }));
    expect(
      await checkEds({ content: content(d), cms: d.signature!.cms, applicantIin: d.applicant.iin, now: new Date() }),
    ).toEqual(['certificate-untrusted']);
  });
});
