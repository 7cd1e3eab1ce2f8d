import * as x509 from '@peculiar/x509';
import { verifyDetached } from './cms.js';

/**
 * Condition 2 (§12): the portal checks the applicant's EDS — a detached CMS signature over the
 * request — and its certificate: the validity period, the chain to the national CA, that it is not
 * in the CA's list of revoked certificates, and that the IIN in the request equals the IIN in the
 * certificate (Kazakh NCA certificates carry it as SERIALNUMBER=IIN…).
 */
export type EdsProblem =
  | 'signature-missing'
  | 'signature-malformed'
  | 'signer-certificate-missing'
  | 'signature-invalid'
  | 'certificate-not-yet-valid'
  | 'certificate-expired'
  | 'certificate-untrusted'
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

/** The CA's revocation list, checked before use: issued by the CA, signed by it, and current. */
export class CrlError extends Error {}

export async function trustedCrl(
  crlData: string | Uint8Array,
  ca: x509.X509Certificate,
  now: Date,
): Promise<x509.X509Crl> {
  let crl: x509.X509Crl;
  try {
    crl = new x509.X509Crl(typeof crlData === 'string' ? crlData : Buffer.from(crlData));
  } catch (e) {
    throw new CrlError(`the CRL cannot be read: ${(e as Error).message}`);
  }
  if (crl.issuer !== ca.subject || !(await crl.verify({ publicKey: ca.publicKey })))
    throw new CrlError('the CRL is not signed by the configured CA');
  assertCurrent(crl, now);
  return crl;
}

export function assertCurrent(crl: x509.X509Crl, now: Date): void {
  if (crl.nextUpdate && crl.nextUpdate < now)
    throw new CrlError(`the CRL is out of date (next update was due ${crl.nextUpdate.toISOString()})`);
}

export interface EdsInput {
  /** The exact bytes the applicant signed. */
  content: Uint8Array;
  /** The detached CMS SignedData, DER in base64. */
  cms?: string;
  applicantIin: string;
  now: Date;
  ca?: x509.X509Certificate;
  crl?: x509.X509Crl;
}

export async function checkEds(input: EdsInput): Promise<EdsProblem[]> {
  if (!input.cms) return ['signature-missing'];
  const der = Buffer.from(input.cms, 'base64');
  const verified = await verifyDetached(der, input.content);
  if (!verified.ok && !verified.signer) return [verified.problem];
  const cert = verified.signer!;
  const problems: EdsProblem[] = verified.ok ? [] : [verified.problem];
  if (input.now < cert.notBefore) problems.push('certificate-not-yet-valid');
  if (input.now > cert.notAfter) problems.push('certificate-expired');
  const trusted =
    input.ca !== undefined &&
    cert.issuer === input.ca.subject &&
    (await cert.verify({ publicKey: input.ca.publicKey, signatureOnly: true }).catch((): boolean => false));
  if (!trusted) problems.push('certificate-untrusted');
  else if (input.crl?.findRevoked(cert)) problems.push('certificate-revoked');
  if (certificateIin(cert) !== input.applicantIin) problems.push('iin-mismatch');
  return problems;
}
