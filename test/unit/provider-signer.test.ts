import { beforeAll, describe, expect, it } from '@jest/globals';
import { X509Certificate } from 'node:crypto';
import { cpSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig, requireProviderSigners, type Config } from '../../src/config.js';
import { verifyCms } from '../../src/domain/cms.js';
import { DISTRICT_IDS } from '../../src/domain/districts.js';
import { legalEntitySubject } from '../../src/domain/provider-signer.js';
import { stepServices } from '../../src/platform/services.js';
import { pkcs8Pem, selfSigned } from '../../src/stack/authority.js';
import { devCredentials, devDepartment } from '../../src/stack/dev-credentials.js';
import { opensslVerifies } from '../support/signature.js';

let certs: string;
let keys: string;
let config: Config;

beforeAll(async () => {
  const { env } = await devCredentials(mkdtempSync(join(tmpdir(), 'signers-')));
  certs = env.PROVIDER_CERTS_DIR;
  keys = env.PROVIDER_KEYS_DIR;
  config = loadConfig({ PROVIDER_CERTS_DIR: certs, PROVIDER_KEYS_DIR: keys });
});

describe("the districts' signers (§14)", () => {
  it("reads the BIN and the authorised official from a legal entity's subject, and names what is missing", () => {
    expect(legalEntitySubject('CN=Official A\nserialNumber=IIN800101300001\nOU=BIN170040000001\nC=KZ')).toEqual({
      bin: '170040000001',
      official: 'Official A',
      officialIin: '800101300001',
    });
    expect(legalEntitySubject('CN=Official A\nserialNumber=IIN800101300001\nC=KZ')).toEqual({
      problem: expect.stringContaining('BIN'),
    });
    expect(legalEntitySubject('CN=Official A\nOU=BIN17004000001\nserialNumber=IIN800101300001')).toEqual({
      problem: expect.stringContaining('BIN'),
    });
    expect(legalEntitySubject('CN=Official A\nOU=BIN170040000001')).toEqual({
      problem: expect.stringContaining('IIN'),
    });
  });

  it("configures every district's certificate with its own BIN and official", () => {
    const signers = requireProviderSigners(config);
    DISTRICT_IDS.forEach((district, i) => {
      const expected = devDepartment(district, i);
      expect(signers[district].signedBy).toEqual({ district, bin: expected.bin, official: expected.official });
    });
    expect(new Set(DISTRICT_IDS.map((d) => signers[d].signedBy.bin)).size).toBe(DISTRICT_IDS.length);
  });

  it("signs with the district's certificate: the signature verifies with it and not with another district's", async () => {
    const services = stepServices(config);
    const signers = requireProviderSigners(config);
    const document = await services.signAsProvider('almaly', { applicationId: 'app-1', outcome: 'assigned' });
    expect(document.signedBy).toEqual(signers.almaly.signedBy);
    expect(JSON.parse(document.content)).toEqual({
      applicationId: 'app-1',
      outcome: 'assigned',
      signedBy: signers.almaly.signedBy,
    });
    const verified = await verifyCms(Buffer.from(document.signature, 'base64'), Buffer.from(document.content));
    expect(verified.ok).toBe(true);
    const signer = new X509Certificate(Buffer.from(verified.ok ? verified.signer.rawData : new ArrayBuffer(0)));
    expect(signer.fingerprint256).toBe(new X509Certificate(signers.almaly.certificatePem).fingerprint256);
    expect(opensslVerifies(document.content, document.signature, signers.almaly.certificatePem)).toBe(true);
    expect(opensslVerifies(document.content, document.signature, signers.bostandyk.certificatePem)).toBe(false);
    expect(
      opensslVerifies(
        document.content.replace('assigned', 'refused'),
        document.signature,
        signers.almaly.certificatePem,
      ),
    ).toBe(false);

    const other = await services.signAsProvider('bostandyk', { applicationId: 'app-1', outcome: 'assigned' });
    expect(other.signedBy.bin).toBe(signers.bostandyk.signedBy.bin);
    expect(opensslVerifies(other.content, other.signature, signers.bostandyk.certificatePem)).toBe(true);
    expect(opensslVerifies(other.content, other.signature, signers.almaly.certificatePem)).toBe(false);
  });

  it('refuses to start without a district, a BIN, an IIN or the right key; the API has no keys to sign with', async () => {
    const copy = () => {
      const dir = mkdtempSync(join(tmpdir(), 'signers-copy-'));
      cpSync(certs, join(dir, 'certs'), { recursive: true });
      cpSync(keys, join(dir, 'keys'), { recursive: true });
      return { PROVIDER_CERTS_DIR: join(dir, 'certs'), PROVIDER_KEYS_DIR: join(dir, 'keys') };
    };
    const noMedeu = copy();
    rmSync(join(noMedeu.PROVIDER_CERTS_DIR, 'medeu.cert.pem'));
    expect(() => loadConfig(noMedeu)).toThrow(/PROVIDER_CERTS_DIR: cannot read medeu\.cert\.pem/);

    for (const [subject, missing] of [
      ['CN=Official, 2.5.4.5=IIN800101300001, C=KZ', /turksib\.cert\.pem has no BIN/],
      ['CN=Official, OU=BIN170040000001, C=KZ', /turksib\.cert\.pem has no authorised official's IIN/],
    ] as const) {
      const env = copy();
      const made = await selfSigned(subject, false);
      writeFileSync(join(env.PROVIDER_CERTS_DIR, 'turksib.cert.pem'), made.cert.toString('pem'));
      writeFileSync(join(env.PROVIDER_KEYS_DIR, 'turksib.key.pem'), await pkcs8Pem(made.keys.privateKey));
      expect(() => loadConfig(env)).toThrow(missing);
    }

    const swapped = copy();
    const key = (d: string) => join(swapped.PROVIDER_KEYS_DIR, `${d}.key.pem`);
    renameSync(key('alatau'), key('tmp'));
    renameSync(key('almaly'), key('alatau'));
    renameSync(key('tmp'), key('almaly'));
    expect(() => loadConfig(swapped)).toThrow(/alatau\.key\.pem is not the key of alatau\.cert\.pem/);

    expect(() => loadConfig({ PROVIDER_KEYS_DIR: keys })).toThrow(ConfigError);
    expect(() => requireProviderSigners(loadConfig({ PROVIDER_CERTS_DIR: certs }))).toThrow(/PROVIDER_KEYS_DIR/);
    expect(() => requireProviderSigners(loadConfig({}))).toThrow(/PROVIDER_CERTS_DIR/);
  });
});
