import { randomBytes, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as never);

/**
 * A certification authority of our own making, for development and tests: issues applicants'
 * certificates as the national CA does (SERIALNUMBER=IIN…) and publishes its revocation list.
 */
const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const DAY = 86_400_000;

export interface Authority {
  name: string;
  key: webcrypto.CryptoKey;
}

export async function pkcs8Pem(key: webcrypto.CryptoKey): Promise<string> {
  return x509.PemConverter.encode(await webcrypto.subtle.exportKey('pkcs8', key), 'PRIVATE KEY');
}

export async function importKey(pkcs8: string): Promise<webcrypto.CryptoKey> {
  return webcrypto.subtle.importKey('pkcs8', x509.PemConverter.decode(pkcs8)[0], ALG, false, ['sign']);
}

/** A self-signed certificate: a CA's, or a signer's such as the provider's. */
export async function selfSigned(
  name: string,
  ca: boolean,
): Promise<{ cert: x509.X509Certificate; keys: webcrypto.CryptoKeyPair }> {
  const keys = await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify']);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomBytes(8).toString('hex'),
    name,
    notBefore: new Date(Date.now() - DAY),
    notAfter: new Date(Date.now() + 3 * 365 * DAY),
    signingAlgorithm: ALG,
    keys,
    extensions: ca
      ? [
          new x509.BasicConstraintsExtension(true, 0, true),
          new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        ]
      : [new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation, true)],
  });
  return { cert, keys };
}

export interface ApplicantCertificateOptions {
  commonName?: string;
  notBefore?: Date;
  notAfter?: Date;
}

/** An applicant's signing certificate with the IIN in its subject, and its private key. */
export async function issueApplicantCertificate(ca: Authority, iin: string, options: ApplicantCertificateOptions = {}) {
  const keys = await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify']);
  const serial = `7${randomBytes(7).toString('hex')}`;
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: serial,
    subject: [
      ...(options.commonName ? [{ CN: [options.commonName] }] : []),
      { '2.5.4.5': [`IIN${iin}`] },
      { C: ['KZ'] },
    ],
    issuer: ca.name,
    notBefore: options.notBefore ?? new Date(Date.now() - DAY),
    notAfter: options.notAfter ?? new Date(Date.now() + 365 * DAY),
    signingAlgorithm: ALG,
    publicKey: keys.publicKey,
    signingKey: ca.key,
  });
  return { certificate, privateKey: keys.privateKey, serial };
}

/** The CA's revocation list (PEM) revoking `serials` (hex), current until `nextUpdate` (a day by default). */
export async function crlPem(
  ca: Authority,
  serials: string[] = [],
  nextUpdate = new Date(Date.now() + DAY),
): Promise<string> {
  const crl = await x509.X509CrlGenerator.create({
    issuer: ca.name,
    thisUpdate: new Date(Date.now() - 60_000),
    nextUpdate,
    entries: serials.map((serialNumber) => ({ serialNumber, revocationDate: new Date(Date.now() - 60_000) })),
    signingAlgorithm: ALG,
    signingKey: ca.key,
  });
  return crl.toString('pem');
}
