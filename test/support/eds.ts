import { readFileSync } from 'node:fs';
import type { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { signedContent, type Dossier } from '../../src/domain/application.js';
import { signDetached } from '../../src/domain/cms.js';
import { importKey, issueApplicantCertificate, selfSigned } from '../../src/stack/authority.js';
import { DEV_CA_NAME, writeCrl } from '../../src/stack/dev-credentials.js';

export interface TestCa {
  cert: x509.X509Certificate;
  key: webcrypto.CryptoKey;
  name: string;
}

/** The certification authority the test run configured (EDS_CA_CERT_FILE), with its private key. */
export async function runCa(): Promise<TestCa> {
  const key = await importKey(readFileSync(process.env.TEST_EDS_CA_KEY_FILE!, 'utf8'));
  return {
    cert: new x509.X509Certificate(readFileSync(process.env.EDS_CA_CERT_FILE!, 'utf8')),
    key,
    name: DEV_CA_NAME,
  };
}

/** A CA of its own (trusted by nobody unless configured). */
export async function newCa(name: string): Promise<TestCa> {
  const { cert, keys } = await selfSigned(name, true);
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
export async function signedDossier(
  ca: TestCa,
  dossier: Dossier,
  options: SigningOptions = {},
): Promise<{ dossier: Dossier; serial: string; certificate: x509.X509Certificate }> {
  const { certificate, privateKey, serial } = await issueApplicantCertificate(
    ca,
    options.certificateIin ?? dossier.applicant.iin,
    {
      commonName: dossier.applicant.fullName,
      notBefore: options.notBefore,
      notAfter: options.notAfter,
    },
  );
  const content = signedContent({ ...dossier, signature: undefined }) + (options.tamper ? ' ' : '');
  const cms = await signDetached(Buffer.from(content, 'utf8'), { certificate, privateKey });
  return { dossier: { ...dossier, signature: { cms: cms.toString('base64') } }, serial, certificate };
}

/** A detached CMS signature of a portal challenge by a certificate carrying `iin` (the person's EDS). */
export async function signedChallenge(
  ca: TestCa,
  iin: string,
  challenge: string,
  options: Omit<SigningOptions, 'certificateIin'> = {},
): Promise<{ cms: string; serial: string }> {
  const { certificate, privateKey, serial } = await issueApplicantCertificate(ca, iin, {
    notBefore: options.notBefore,
    notAfter: options.notAfter,
  });
  const content = challenge + (options.tamper ? ' ' : '');
  const cms = await signDetached(Buffer.from(content, 'utf8'), { certificate, privateKey });
  return { cms: cms.toString('base64'), serial };
}

const revoked: string[] = [];
/** The run's CA revokes a certificate: a new CRL where EDS_CRL_FILE points. */
export async function revoke(serial: string): Promise<void> {
  revoked.push(serial);
  await writeCrl(process.env.EDS_CRL_FILE!, readFileSync(process.env.TEST_EDS_CA_KEY_FILE!, 'utf8'), revoked);
}
