import * as x509 from '@peculiar/x509';
import { verifyCms } from './cms.js';

/**
 * Condition 2 (§12): the portal checks the applicant's EDS — a CMS signature over the request — and
 * its certificate as the national PKI (NCA RK) issues them: the certificate is a person's signing
 * certificate, within its validity, chains through the issuing CA(s) to a configured root, each of
 * them within its validity, is not revoked (CRL or OCSP), and carries the IIN as SERIALNUMBER=IIN….
 */
export type EdsProblem =
  | 'signature-missing'
  | 'signature-malformed'
  | 'signer-certificate-missing'
  | 'signature-invalid'
  | 'signed-content-differs'
  | 'certificate-not-yet-valid'
  | 'certificate-expired'
  | 'certificate-untrusted'
  | 'issuer-certificate-not-valid'
  | 'not-a-signing-certificate'
  | 'certificate-without-iin'
  | 'certificate-revoked'
  | 'iin-mismatch';

const SERIAL_NUMBER = '2.5.4.5';

export function certificateIin(cert: x509.X509Certificate): string | null {
  for (const value of cert.subjectName.getField(SERIAL_NUMBER)) {
    const match = /^IIN(\d{12})$/.exec(value);
    if (match) return match[1];
  }
  return null;
}

/** The NCA's OIDs for the kind of subject (1.2.398.3.3.4.1.1 an individual, …): not a purpose. */
const NCA_SUBJECT_KIND = /^1\.2\.398\.3\.3\.4\./;
const CLIENT_AUTH: string = x509.ExtendedKeyUsage.clientAuth;

/**
 * The NCA issues each person two certificates: AUTH (keyUsage digitalSignature + keyEncipherment,
 * extKeyUsage clientAuth) to sign in, and the signing one (keyUsage digitalSignature + nonRepudiation)
 * for an EDS (Law of the RK "On electronic document and EDS", art. 10: an EDS is equivalent to a
 * handwritten signature, which is what nonRepudiation asserts). A request is signed only with the
 * signing one: keyUsage must carry digitalSignature and nonRepudiation, the certificate is no CA, and
 * an extKeyUsage naming only clientAuth (an authentication certificate) is refused whatever keyUsage says.
 */
export function isSigningCertificate(cert: x509.X509Certificate): boolean {
  const keyUsage = cert.getExtension(x509.KeyUsagesExtension);
  const needed = x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation;
  if (!keyUsage || (keyUsage.usages & needed) !== needed) return false;
  if (cert.getExtension(x509.BasicConstraintsExtension)?.ca) return false;
  const eku = cert.getExtension(x509.ExtendedKeyUsageExtension);
  if (eku) {
    const purposes = eku.usages.map(String).filter((p) => !NCA_SUBJECT_KIND.test(p));
    if (purposes.length > 0 && purposes.every((p) => p === CLIENT_AUTH)) return false;
  }
  return true;
}

const isCa = (cert: x509.X509Certificate): boolean => {
  const keyUsage = cert.getExtension(x509.KeyUsagesExtension);
  return (
    cert.getExtension(x509.BasicConstraintsExtension)?.ca === true &&
    (!keyUsage || (keyUsage.usages & x509.KeyUsageFlags.keyCertSign) !== 0)
  );
};

const within = (cert: x509.X509Certificate, now: Date) => cert.notBefore <= now && now <= cert.notAfter;

const sameCert = (a: x509.X509Certificate, b: x509.X509Certificate) =>
  Buffer.from(a.rawData).equals(Buffer.from(b.rawData));

const signedBy = (cert: x509.X509Certificate, issuer: x509.X509Certificate) =>
  cert.issuer === issuer.subject &&
  cert.verify({ publicKey: issuer.publicKey, signatureOnly: true }).catch((): boolean => false);

/** The national PKI allows a root and one or two levels of issuing CAs; a longer path is not built. */
const MAX_PATH = 4;

/**
 * The issuers of `leaf` up to a configured root, from the configured certificates and those the CMS
 * carries; null when it does not reach a root. Only self-signed configured certificates are roots.
 */
async function chainToRoot(
  leaf: x509.X509Certificate,
  configured: x509.X509Certificate[],
  carried: x509.X509Certificate[],
): Promise<x509.X509Certificate[] | null> {
  const roots = configured.filter((c) => c.subject === c.issuer);
  const pool = [...configured, ...carried].filter(isCa);
  const path: x509.X509Certificate[] = [];
  let current = leaf;
  while (path.length < MAX_PATH) {
    let issuer: x509.X509Certificate | undefined;
    for (const candidate of pool)
      if (await signedBy(current, candidate)) {
        issuer = candidate;
        break;
      }
    if (!issuer) return null;
    path.push(issuer);
    if (roots.some((r) => sameCert(r, issuer))) return path;
    // A self-signed certificate nobody configured is not a root of ours.
    if (issuer.subject === issuer.issuer) return null;
    current = issuer;
  }
  return null;
}

/** Revocation could not be decided (no source, a source down, a list out of date): the provider's failure, not a refusal. */
export class RevocationUnavailable extends Error {}

/** The CA's revocation list, checked before use: issued by one of the configured CAs, signed by it, and current. */
export class CrlError extends RevocationUnavailable {}

/** Whether `cert`, issued by `issuer`, is revoked; throws RevocationUnavailable when it cannot say. */
export type RevocationCheck = (
  cert: x509.X509Certificate,
  issuer: x509.X509Certificate,
  now: Date,
) => Promise<'good' | 'revoked'>;

export interface EdsTrust {
  /** EDS_CA_CERT_FILE: the national roots (self-signed) and, optionally, its issuing CAs. */
  authorities: x509.X509Certificate[];
  /** Each configured source is asked; with none, nothing passes (RevocationUnavailable). */
  revocation: RevocationCheck[];
}

export type SignatureVerdict =
  { ok: true; iin: string; certificate: x509.X509Certificate } | { ok: false; problems: EdsProblem[]; iin?: string };

/**
 * The one check of "these bytes were signed by a person's signing certificate": the CMS (DER, base64)
 * over `content`, the signer's certificate (signing, valid, chained to a configured root, not revoked,
 * with an IIN). Returns the signer's IIN, or the refusal reasons; throws RevocationUnavailable when
 * revocation cannot be decided (fail the task: an incident, not a refusal).
 */
export async function verifySignedBytes(
  content: Uint8Array,
  cms: string | undefined,
  trust: EdsTrust,
  now: Date,
): Promise<SignatureVerdict> {
  if (!cms) return { ok: false, problems: ['signature-missing'] };
  const verified = await verifyCms(Buffer.from(cms, 'base64'), content);
  if (!verified.ok && !verified.signer) return { ok: false, problems: [verified.problem] };
  const cert = verified.signer!;
  const problems: EdsProblem[] = verified.ok ? [] : [verified.problem];
  if (now < cert.notBefore) problems.push('certificate-not-yet-valid');
  if (now > cert.notAfter) problems.push('certificate-expired');
  if (!isSigningCertificate(cert)) problems.push('not-a-signing-certificate');
  const chain = await chainToRoot(cert, trust.authorities, verified.certificates ?? []);
  if (!chain) problems.push('certificate-untrusted');
  else if (!chain.every((c) => within(c, now))) problems.push('issuer-certificate-not-valid');
  const iin = certificateIin(cert) ?? undefined;
  if (!iin) problems.push('certificate-without-iin');
  // Revocation is asked only of a certificate that otherwise passes: a refusal stands whatever the sources say.
  if (problems.length === 0) {
    if (trust.revocation.length === 0)
      throw new RevocationUnavailable('no revocation source is configured (EDS_CRL_FILE or EDS_OCSP_URL)');
    for (const check of trust.revocation)
      if ((await check(cert, chain![0], now)) === 'revoked') problems.push('certificate-revoked');
  }
  if (problems.length) return { ok: false, problems: [...new Set(problems)], iin };
  return { ok: true, iin: iin!, certificate: cert };
}

export interface EdsInput {
  /** The exact bytes the applicant signed. */
  content: Uint8Array;
  /** The CMS SignedData, DER in base64. */
  cms?: string;
  applicantIin: string;
  now: Date;
  trust: EdsTrust;
}

/** Condition 2 for a request: the signature over it, and the signer is the applicant. */
export async function checkEds(input: EdsInput): Promise<EdsProblem[]> {
  const verdict = await verifySignedBytes(input.content, input.cms, input.trust, input.now);
  const problems = verdict.ok ? [] : verdict.problems;
  if (verdict.iin !== undefined && verdict.iin !== input.applicantIin) problems.push('iin-mismatch');
  return problems;
}

/** Reads every CRL of a PEM (or DER) file, each checked: issued and signed by a configured CA, and current. */
export async function trustedCrls(
  crlData: string | Uint8Array,
  authorities: x509.X509Certificate[],
  now: Date,
): Promise<x509.X509Crl[]> {
  let crls: x509.X509Crl[];
  try {
    const text = typeof crlData === 'string' ? crlData : Buffer.from(crlData).toString('latin1');
    crls = text.includes('-----BEGIN')
      ? x509.PemConverter.decode(text).map((der) => new x509.X509Crl(der))
      : [new x509.X509Crl(Buffer.from(crlData))];
    if (crls.length === 0) throw new Error('no CRL in it');
  } catch (e) {
    throw new CrlError(`the CRL cannot be read: ${(e as Error).message}`);
  }
  for (const crl of crls) {
    const issuers = authorities.filter((a) => a.subject === crl.issuer);
    let signed = false;
    for (const a of issuers) signed ||= await crl.verify({ publicKey: a.publicKey }).catch(() => false);
    if (!signed) throw new CrlError(`the CRL of ${crl.issuer} is not signed by a configured CA`);
    assertCurrent(crl, now);
  }
  return crls;
}

export function assertCurrent(crl: x509.X509Crl, now: Date): void {
  if (crl.nextUpdate && crl.nextUpdate < now)
    throw new CrlError(`the CRL is out of date (next update was due ${crl.nextUpdate.toISOString()})`);
  if (crl.thisUpdate > now) throw new CrlError(`the CRL is not yet in force (${crl.thisUpdate.toISOString()})`);
}

/** Revocation by the issuer's CRL among `crls`; a certificate whose issuer publishes none here cannot be decided. */
export function crlRevocation(crls: () => Promise<x509.X509Crl[]>): RevocationCheck {
  return async (cert, issuer, now) => {
    const lists = await crls();
    let crl: x509.X509Crl | undefined;
    for (const c of lists)
      if (c.issuer === issuer.subject && (await c.verify({ publicKey: issuer.publicKey }).catch(() => false))) crl = c;
    if (!crl) throw new CrlError(`no CRL of ${issuer.subject} is configured (EDS_CRL_FILE)`);
    assertCurrent(crl, now);
    return crl.findRevoked(cert) ? 'revoked' : 'good';
  };
}
