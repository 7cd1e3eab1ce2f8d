import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, requirePortalEds } from '../../src/config.js';
import { selfSigned } from '../../src/stack/authority.js';

/** Condition 2's settings: the portal switch, the roots, and a revocation source that cannot be left out. */
describe('EDS settings', () => {
  const dir = mkdtempSync(join(tmpdir(), 'eds-config-'));
  const bundle = join(dir, 'roots.pem');

  it('the portal is on unless PORTAL_ENABLED=false; anything else is a named error', () => {
    expect(loadConfig({}).PORTAL_ENABLED).toBe(true);
    expect(loadConfig({ PORTAL_ENABLED: 'false' }).PORTAL_ENABLED).toBe(false);
    expect(() => loadConfig({ PORTAL_ENABLED: 'yes' })).toThrow(/PORTAL_ENABLED: true or false/);
    expect(() => loadConfig({ EDS_OCSP_URL: 'responder' })).toThrow(/EDS_OCSP_URL: an http\(s\) URL, or aia/);
  });

  it('with the portal on, a root and at least one revocation source are required, each named', async () => {
    writeFileSync(bundle, (await selfSigned('CN=Root, C=KZ', true)).cert.toString('pem'));
    expect(() => requirePortalEds(loadConfig({}))).toThrow(/PORTAL_ENABLED is true but EDS_CA_CERT_FILE is not set/);
    expect(() => requirePortalEds(loadConfig({ EDS_CA_CERT_FILE: bundle }))).toThrow(
      /no revocation source is set: set EDS_CRL_FILE and\/or EDS_OCSP_URL/,
    );
    expect(() =>
      requirePortalEds(loadConfig({ EDS_CA_CERT_FILE: bundle, EDS_CRL_FILE: join(dir, 'ca.crl') })),
    ).not.toThrow();
    expect(() =>
      requirePortalEds(loadConfig({ EDS_CA_CERT_FILE: bundle, EDS_OCSP_URL: 'http://127.0.0.1:9/' })),
    ).not.toThrow();
    expect(() => requirePortalEds(loadConfig({ EDS_CA_CERT_FILE: bundle, EDS_OCSP_URL: 'aia' }))).not.toThrow();
    expect(() => requirePortalEds(loadConfig({ PORTAL_ENABLED: 'false' }))).not.toThrow();
  });

  it('EDS_CA_CERT_FILE holds one or more certificates, every one readable', async () => {
    const two =
      (await selfSigned('CN=A, C=KZ', true)).cert.toString('pem') +
      (await selfSigned('CN=B, C=KZ', true)).cert.toString('pem');
    writeFileSync(bundle, two);
    expect(loadConfig({ EDS_CA_CERT_FILE: bundle }).edsCaPem).toBe(two);
    writeFileSync(bundle, `${two}-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n`);
    expect(() => loadConfig({ EDS_CA_CERT_FILE: bundle })).toThrow(/EDS_CA_CERT_FILE: cannot read a certificate/);
    writeFileSync(bundle, 'nothing here');
    expect(() => loadConfig({ EDS_CA_CERT_FILE: bundle })).toThrow(/no PEM certificate in it/);
  });
});
