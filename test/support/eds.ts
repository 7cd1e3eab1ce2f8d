import { randomBytes, webcrypto } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as x509 from '@peculiar/x509';
import { signedContent, type Dossier } from '../../src/domain/application.js';
import { signDetached } from '../../src/domain/cms.js';
import { DEV_CA_NAME, writeCrl } from '../../src/cli/dev-credentials.js';

x509.cryptoProvider.set(webcrypto as never);
const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const DAY = 86_400_000;

export interface TestCa {
  cert: x509.X509Certificate;
  key: webcrypto.CryptoKey;
  name: string;
}

/** The certification authority the test run configured (EDS_CA_CERT_FILE), with its private key. */
export async function runCa(): Promise<TestCa> {
  const keyPem = readFileSync(process.env.TEST_EDS_CA_KEY_FILE!, 'utf8');
  const key = await webcrypto.subtle.importKey('pkcs8', x509.PemConverter.decode(keyPem)[0], ALG, false, ['sign']);
  return { cert: new x509.X509Certificate(readFileSync(process.env.EDS_CA_CERT_FILE!, 'utf8')), key, name: DEV_CA_NAME };
}

/** A CA of its own (trusted by nobody unless configured). */
export async function newCa(name = 'CN=Somebody Else CA, C=KZ'): Promise<TestCa> {
  const keys = (await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.createSelfSigned({ serialNumber: '01', name, notBefore: new Date(Date.now() - DAY), notAfter: new Date(Date.now() + 365 * DAY), signingAlgorithm: ALG, keys, extensions: [new x509.BasicConstraintsExtension(true, 0, true)] });
  return { cert, key: keys.privateKey, name };
}

export interface SigningOptions {
  /** The IIN the certificate carries (default: the applicant's). */
  certificateIin?: string;
  notBefore?: Date;
  notAfter?: Date;
  /** Sign other bytes than the request (a broken signature). */
  tamper?: boolean;
}

/** The applicant's certificate (SERIALNUMBER=IIN…, as the NCA issues them) and a detached CMS signature over the request. */
export async function signedDossier(ca: TestCa, dossier: Dossier, options: SigningOptions = {}): Promise<{ dossier: Dossier; serial: string; certificate: x509.X509Certificate }> {
  const keys = (await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const serial = `7${randomBytes(7).toString('hex')}`;
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: serial,
    subject: [{ CN: [dossier.applicant.fullName] }, { '2.5.4.5': [`IIN${options.certificateIin ?? dossier.applicant.iin}`] }, { C: ['KZ'] }],
    issuer: ca.name,
    notBefore: options.notBefore ?? new Date(Date.now() - DAY),
    notAfter: options.notAfter ?? new Date(Date.now() + 365 * DAY),
    signingAlgorithm: ALG,
    publicKey: keys.publicKey,
    signingKey: ca.key,
  });
  const content = signedContent({ ...dossier, signature: undefined }) + (options.tamper ? ' ' : '');
  const cms = await signDetached(Buffer.from(content, 'utf8'), { certificate, privateKey: keys.privateKey });
  return { dossier: { ...dossier, signature: { cms: cms.toString('base64') } }, serial, certificate };
}

const revoked: string[] = [];
/** The run's CA revokes a certificate: a new CRL where EDS_CRL_FILE points. */
export async function revoke(serial: string): Promise<void> {
  revoked.push(serial);
  await writeCrl(process.env.EDS_CRL_FILE!, readFileSync(process.env.TEST_EDS_CA_KEY_FILE!, 'utf8'), revoked);
}

/** A CRL of `ca` revoking `serials`, current until `nextUpdate`. */
export async function crlOf(ca: TestCa, serials: string[], nextUpdate = new Date(Date.now() + DAY)): Promise<string> {
  const crl = await x509.X509CrlGenerator.create({
    issuer: ca.name,
    thisUpdate: new Date(Date.now() - 2 * DAY),
    nextUpdate,
    entries: serials.map((serialNumber) => ({ serialNumber, revocationDate: new Date(Date.now() - DAY) })),
    signingAlgorithm: ALG,
    signingKey: ca.key,
  });
  return crl.toString('pem');
}
