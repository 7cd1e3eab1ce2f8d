import { randomBytes, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as never);

/**
 * A certification authority of our own making, for development and tests, shaped as the national PKI
 * is: a self-signed root, an intermediate under it that issues people's certificates (SERIALNUMBER=IIN…,
 * one for signing and one for authentication) and publishes their revocation list.
 */
const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const DAY = 86_400_000;

export interface Authority {
  name: string;
  key: webcrypto.CryptoKey;
  /** The authority's own certificate; people's certificates chain through it. */
  cert?: x509.X509Certificate;
}

export async function pkcs8Pem(key: webcrypto.CryptoKey): Promise<string> {
  return x509.PemConverter.encode(await webcrypto.subtle.exportKey('pkcs8', key), 'PRIVATE KEY');
}

export async function importKey(pkcs8: string): Promise<webcrypto.CryptoKey> {
  return webcrypto.subtle.importKey('pkcs8', x509.PemConverter.decode(pkcs8)[0], ALG, false, ['sign']);
}

const caExtensions = (pathLength?: number) => [
  new x509.BasicConstraintsExtension(true, pathLength, true),
  new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
];

/** A self-signed certificate: a root CA's, or a signer's such as the provider's. */
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
      ? caExtensions(1)
      : [new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation, true)],
  });
  return { cert, keys };
}

export interface Validity {
  notBefore?: Date;
  notAfter?: Date;
}

/** A certificate `ca` issues for a new key pair: the one place the issuers differ is what they pass. */
async function issue(
  ca: Authority,
  what: {
    subject: string | x509.JsonName;
    serialNumber?: string;
    extensions: x509.Extension[];
    notBefore?: Date;
    notAfter?: Date;
    days: number;
  },
): Promise<{ certificate: x509.X509Certificate; keys: webcrypto.CryptoKeyPair }> {
  const keys = await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify']);
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: what.serialNumber ?? randomBytes(8).toString('hex'),
    subject: what.subject,
    issuer: ca.name,
    notBefore: what.notBefore ?? new Date(Date.now() - DAY),
    notAfter: what.notAfter ?? new Date(Date.now() + what.days * DAY),
    signingAlgorithm: ALG,
    publicKey: keys.publicKey,
    signingKey: ca.key,
    extensions: what.extensions,
  });
  return { certificate, keys };
}

/** An intermediate CA under `parent` (the national root issues the CAs that issue people's certificates). */
export async function issueIntermediate(
  parent: Authority,
  name: string,
  validity: Validity = {},
): Promise<{ cert: x509.X509Certificate; keys: webcrypto.CryptoKeyPair }> {
  const { certificate, keys } = await issue(parent, {
    subject: name,
    ...validity,
    days: 2 * 365,
    extensions: caExtensions(0),
  });
  return { cert: certificate, keys };
}

/**
 * What the NCA puts in each of a person's two certificates: the signing one (digitalSignature and
 * nonRepudiation) and the authentication one (digitalSignature and keyEncipherment, clientAuth).
 */
const PURPOSES = {
  signing: { keyUsage: x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation, eku: [] as string[] },
  authentication: {
    keyUsage: x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment,
    eku: [x509.ExtendedKeyUsage.clientAuth] as string[],
  },
} as const;

export interface ApplicantCertificateOptions extends Validity {
  commonName?: string;
  /** The signing certificate (default) or the authentication one. */
  purpose?: keyof typeof PURPOSES;
  /** The OCSP responder named in the certificate's Authority Information Access. */
  ocspUrl?: string;
}

/** An applicant's certificate with the IIN in its subject, and its private key. */
export async function issueApplicantCertificate(ca: Authority, iin: string, options: ApplicantCertificateOptions = {}) {
  const serial = `7${randomBytes(7).toString('hex')}`;
  const purpose = PURPOSES[options.purpose ?? 'signing'];
  const { certificate, keys } = await issue(ca, {
    serialNumber: serial,
    subject: [
      ...(options.commonName ? [{ CN: [options.commonName] }] : []),
      { '2.5.4.5': [`IIN${iin}`] },
      { C: ['KZ'] },
    ],
    notBefore: options.notBefore,
    notAfter: options.notAfter,
    days: 365,
    extensions: [
      new x509.KeyUsagesExtension(purpose.keyUsage, true),
      ...(purpose.eku.length ? [new x509.ExtendedKeyUsageExtension(purpose.eku)] : []),
      ...(options.ocspUrl ? [new x509.AuthorityInfoAccessExtension({ ocsp: options.ocspUrl })] : []),
    ],
  });
  return { certificate, privateKey: keys.privateKey, serial };
}

export interface LegalEntity {
  /** The organisation's business identification number (12 digits). */
  bin: string;
  organisation: string;
  /** The authorised official the certificate names, and their IIN. */
  official: string;
  officialIin: string;
}

/**
 * A legal entity's signing certificate as the NCA issues it to an organisation's authorised official:
 * CN the official, SERIALNUMBER=IIN… theirs, O the organisation and OU=BIN… its BIN.
 */
export async function issueLegalEntityCertificate(ca: Authority, entity: LegalEntity) {
  const { certificate, keys } = await issue(ca, {
    serialNumber: `7${randomBytes(7).toString('hex')}`,
    subject: [
      { CN: [entity.official] },
      { '2.5.4.5': [`IIN${entity.officialIin}`] },
      { O: [entity.organisation] },
      { OU: [`BIN${entity.bin}`] },
      { C: ['KZ'] },
    ],
    days: 365,
    extensions: [new x509.KeyUsagesExtension(PURPOSES.signing.keyUsage, true)],
  });
  return { certificate, privateKey: keys.privateKey };
}

/** An OCSP responder's certificate, delegated by `ca` (extKeyUsage OCSPSigning, RFC 6960 §4.2.2.2). */
export async function issueOcspResponder(ca: Authority, name: string) {
  return issue(ca, {
    subject: name,
    days: 365,
    extensions: [
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.ocspSigning]),
    ],
  });
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
