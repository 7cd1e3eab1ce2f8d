import { createHash, randomBytes, webcrypto } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as x509 from '@peculiar/x509';
import YAML from 'yaml';
import { ROOT } from '../paths.js';

x509.cryptoProvider.set(webcrypto as never);

const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const DAY = 86_400_000;
export const DEV_CA_NAME = 'CN=Development National CA (not for production), O=housing-assistance, C=KZ';

/**
 * A local stand-in for what production gets from outside: the State Corporation operators' API keys,
 * the provider's signing certificate, and a certification authority with its revocation list for
 * portal EDS. For `npm start` and the tests only; production configures the real ones.
 */
export interface DevCredentials {
  env: Record<string, string>;
  /** Raw API keys by centre id (one operator per centre). */
  operatorKeys: Record<string, string>;
  caKeyFile: string;
}

async function pkcs8Pem(key: webcrypto.CryptoKey): Promise<string> {
  return x509.PemConverter.encode(await webcrypto.subtle.exportKey('pkcs8', key), 'PRIVATE KEY');
}

async function selfSigned(name: string, ca: boolean) {
  const keys = (await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomBytes(8).toString('hex'),
    name,
    notBefore: new Date(Date.now() - DAY),
    notAfter: new Date(Date.now() + 3 * 365 * DAY),
    signingAlgorithm: ALG,
    keys,
    extensions: ca
      ? [new x509.BasicConstraintsExtension(true, 0, true), new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true)]
      : [new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation, true)],
  });
  return { cert, keys };
}

/** Writes a CRL of the CA revoking `serials` (hex), valid for a day. */
export async function writeCrl(file: string, caKeyPem: string, serials: string[] = []): Promise<void> {
  const caKey = await webcrypto.subtle.importKey('pkcs8', x509.PemConverter.decode(caKeyPem)[0], ALG, false, ['sign']);
  const crl = await x509.X509CrlGenerator.create({
    issuer: DEV_CA_NAME,
    thisUpdate: new Date(Date.now() - 60_000),
    nextUpdate: new Date(Date.now() + DAY),
    entries: serials.map((serialNumber) => ({ serialNumber, revocationDate: new Date(Date.now() - 60_000) })),
    signingAlgorithm: ALG,
    signingKey: caKey as never,
  });
  writeFileSync(file, crl.toString('pem'));
}

/** Makes the credentials in `dir`, or reuses the ones made there before. */
export async function devCredentials(dir: string): Promise<DevCredentials> {
  mkdirSync(dir, { recursive: true });
  const files = {
    centres: join(dir, 'service-centres.yaml'),
    keys: join(dir, 'operator-keys.json'),
    providerCert: join(dir, 'provider.crt'),
    providerKey: join(dir, 'provider.key'),
    caCert: join(dir, 'eds-ca.crt'),
    caKey: join(dir, 'eds-ca.key'),
    crl: join(dir, 'eds-ca.crl'),
    keySecret: join(dir, 'applicant-key.secret'),
  };
  if (!Object.values(files).every(existsSync)) {
    const config = YAML.parse(readFileSync(join(ROOT, 'config', 'service-centres.yaml'), 'utf8')) as { centres: Array<{ id: string; district: string; operators: unknown[] }> };
    const operatorKeys: Record<string, string> = {};
    for (const centre of config.centres) {
      const key = randomBytes(24).toString('base64url');
      operatorKeys[centre.id] = key;
      centre.operators = [{ code: `OP-${centre.district.slice(0, 3).toUpperCase()}-01`, keySha256: createHash('sha256').update(key).digest('hex') }];
    }
    writeFileSync(files.centres, `# Development operators, made by src/cli/dev-credentials.ts; keys in operator-keys.json.\n${YAML.stringify(config)}`, { mode: 0o600 });
    writeFileSync(files.keys, JSON.stringify(operatorKeys, null, 2), { mode: 0o600 });
    const provider = await selfSigned('CN=Development provider (Almaty employment and social programmes), O=housing-assistance, C=KZ', false);
    writeFileSync(files.providerCert, provider.cert.toString('pem'));
    writeFileSync(files.providerKey, await pkcs8Pem(provider.keys.privateKey), { mode: 0o600 });
    const ca = await selfSigned(DEV_CA_NAME, true);
    writeFileSync(files.caCert, ca.cert.toString('pem'));
    writeFileSync(files.caKey, await pkcs8Pem(ca.keys.privateKey), { mode: 0o600 });
    writeFileSync(files.keySecret, randomBytes(32).toString('base64url'), { mode: 0o600 });
  }
  // A CRL is current for a day: a fresh one at every start.
  await writeCrl(files.crl, readFileSync(files.caKey, 'utf8'));
  return {
    env: {
      SERVICE_CENTRES_FILE: files.centres,
      PROVIDER_CERT_FILE: files.providerCert,
      PROVIDER_KEY_FILE: files.providerKey,
      EDS_CA_CERT_FILE: files.caCert,
      EDS_CRL_FILE: files.crl,
      APPLICANT_KEY_SECRET: readFileSync(files.keySecret, 'utf8'),
    },
    operatorKeys: JSON.parse(readFileSync(files.keys, 'utf8')),
    caKeyFile: files.caKey,
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const dir = resolve(process.argv[2] ?? 'credentials');
  const made = await devCredentials(dir);
  console.log(`development credentials in ${dir} (not for production):`);
  for (const [name, value] of Object.entries(made.env)) console.log(`  ${name}=${name.endsWith('SECRET') ? `(in ${join(dir, 'applicant-key.secret')})` : value}`);
  console.log(`  operator API keys: ${join(dir, 'operator-keys.json')}`);
}
