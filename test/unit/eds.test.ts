import { beforeAll, describe, expect, it } from '@jest/globals';
import { signedContent } from '../../src/domain/application.js';
import { checkEds } from '../../src/domain/eds.js';
import { signedDossier, testCa, type TestCa } from '../support/eds.js';
import { dossier } from '../support/fixtures.js';

let ca: TestCa;
let other: TestCa;
beforeAll(async () => {
  ca = await testCa();
  other = await testCa('CN=Somebody Else CA, C=KZ');
});

async function check(options: Parameters<typeof signedDossier>[2] = {}, by: () => TestCa = () => ca, now = new Date(), mutate?: (d: ReturnType<typeof dossier>) => void) {
  const d = await signedDossier(by(), dossier({ channel: 'portal' }), options);
  mutate?.(d);
  return checkEds({ content: signedContent(d), signature: d.signature, applicantIin: d.applicant.iin, now, caCertificatePem: ca.caPem });
}

describe('condition 2: the EDS', () => {
  it('accepts a valid signature by the applicant’s certificate from the trusted CA', async () => {
    expect(await check()).toEqual([]);
  });
  it('refuses an expired certificate', async () => {
    expect(await check({ notBefore: new Date(Date.now() - 20 * 86_400_000), notAfter: new Date(Date.now() - 86_400_000) })).toEqual(['certificate-expired']);
  });
  it('refuses a certificate of another person', async () => {
    expect(await check({ certificateIin: '870412300129' })).toEqual(['iin-mismatch']);
  });
  it('refuses a certificate from another CA', async () => {
    expect(await check({}, () => other)).toEqual(['certificate-untrusted']);
  });
  it('refuses a signature over other content', async () => {
    expect(await check({ tamper: true })).toEqual(['signature-invalid']);
  });
  it('refuses a request changed after signing', async () => {
    expect(await check({}, () => ca, new Date(), (d) => { d.housingCosts.rent += 1; })).toEqual(['signature-invalid']);
  });
  it('refuses a missing signature and garbage', async () => {
    const d = dossier({ channel: 'portal' });
    expect(checkEds({ content: signedContent(d), applicantIin: d.applicant.iin, now: new Date(), caCertificatePem: ca.caPem })).toEqual(['signature-missing']);
    expect(checkEds({ content: '', signature: { certificate: 'not a cert', value: 'AA==' }, applicantIin: d.applicant.iin, now: new Date() })).toEqual(['certificate-malformed']);
  });
  it('trusts nobody when no CA is configured', async () => {
    const d = await signedDossier(ca, dossier({ channel: 'portal' }));
    expect(checkEds({ content: signedContent(d), signature: d.signature, applicantIin: d.applicant.iin, now: new Date() })).toEqual(['certificate-untrusted']);
  });
});
