import { KeyObject, sign, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { signedContent, type Dossier } from '../../src/domain/application.js';

x509.cryptoProvider.set(webcrypto as never);
type CryptoKeyPair = webcrypto.CryptoKeyPair;

const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const DAY = 86_400_000;

export interface TestCa {
  caPem: string;
  caKeys: CryptoKeyPair;
  caName: string;
}

/** A certification authority of the test's own, made at run time. */
export async function testCa(name = 'CN=Test National CA, C=KZ'): Promise<TestCa> {
  const caKeys = (await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01',
    name,
    notBefore: new Date(Date.now() - DAY),
    notAfter: new Date(Date.now() + 365 * DAY),
    signingAlgorithm: ALG,
    keys: caKeys,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
    ],
  });
  return { caPem: cert.toString('pem'), caKeys, caName: name };
}

export interface SigningOptions {
  certificateIin?: string;
  notBefore?: Date;
  notAfter?: Date;
  /** Sign different bytes than the request (a broken signature). */
  tamper?: boolean;
  serial?: string;
}

/** The applicant's certificate (SERIALNUMBER=IIN…, as the NCA issues them) and a signature over the request. */
export async function signedDossier(ca: TestCa, dossier: Dossier, options: SigningOptions = {}): Promise<Dossier> {
  const keys = (await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: options.serial ?? String(Date.now() % 1e9).padStart(10, '1'),
    subject: [{ CN: [dossier.applicant.fullName] }, { '2.5.4.5': [`IIN${options.certificateIin ?? dossier.applicant.iin}`] }, { C: ['KZ'] }],
    issuer: ca.caName,
    notBefore: options.notBefore ?? new Date(Date.now() - DAY),
    notAfter: options.notAfter ?? new Date(Date.now() + 365 * DAY),
    signingAlgorithm: ALG,
    publicKey: keys.publicKey,
    signingKey: ca.caKeys.privateKey,
  });
  const unsigned = { ...dossier, signature: undefined };
  const content = signedContent(unsigned) + (options.tamper ? ' ' : '');
  const value = sign('sha256', Buffer.from(content, 'utf8'), KeyObject.from(keys.privateKey)).toString('base64');
  return { ...dossier, signature: { certificate: cert.toString('pem'), value } };
}
