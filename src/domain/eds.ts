import { X509Certificate, verify } from 'node:crypto';

/**
 * Condition 2 (§14): the portal checks the applicant's EDS certificate — its validity period, that it
 * chains to the national CA and is not revoked, and that the IIN in the request equals the IIN in the
 * certificate (Kazakh NCA certificates carry it as SERIALNUMBER=IIN…). Revocation lists are checked
 * by the caller (`revokedSerials`).
 */
export type EdsProblem =
  | 'signature-missing'
  | 'certificate-malformed'
  | 'certificate-not-yet-valid'
  | 'certificate-expired'
  | 'certificate-untrusted'
  | 'certificate-revoked'
  | 'iin-mismatch'
  | 'signature-invalid';

export function certificateIin(cert: X509Certificate): string | null {
  const match = /(?:^|\n|,\s*)serialNumber\s*=\s*IIN(\d{12})/i.exec(cert.subject);
  return match ? match[1] : null;
}

export interface EdsInput {
  content: string;
  signature?: { certificate: string; value: string };
  applicantIin: string;
  now: Date;
  caCertificatePem?: string;
  revokedSerials?: ReadonlySet<string>;
}

export function checkEds(input: EdsInput): EdsProblem[] {
  if (!input.signature) return ['signature-missing'];
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(input.signature.certificate);
  } catch {
    return ['certificate-malformed'];
  }
  const problems: EdsProblem[] = [];
  if (input.now < new Date(cert.validFrom)) problems.push('certificate-not-yet-valid');
  if (input.now > new Date(cert.validTo)) problems.push('certificate-expired');
  let trusted = false;
  if (input.caCertificatePem) {
    try {
      const ca = new X509Certificate(input.caCertificatePem);
      trusted = cert.checkIssued(ca) && cert.verify(ca.publicKey);
    } catch {
      trusted = false;
    }
  }
  if (!trusted) problems.push('certificate-untrusted');
  if (input.revokedSerials?.has(cert.serialNumber.toUpperCase())) problems.push('certificate-revoked');
  if (certificateIin(cert) !== input.applicantIin) problems.push('iin-mismatch');
  let signed = false;
  try {
    signed = verify('sha256', Buffer.from(input.content, 'utf8'), cert.publicKey, Buffer.from(input.signature.value, 'base64'));
  } catch {
    signed = false;
  }
  if (!signed) problems.push('signature-invalid');
  return problems;
}
