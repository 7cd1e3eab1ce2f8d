import { readFileSync } from 'node:fs';
import type { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { signedContent, type Dossier } from '../../src/domain/application.js';
import { signDetached } from '../../src/domain/cms.js';
import {
  importKey,
  issueApplicantCertificate,
  issueIntermediate,
  selfSigned,
  type ApplicantCertificateOptions,
  type Validity,
} from '../../src/stack/authority.js';
import { DEV_CA_NAME, writeCrl } from '../../src/stack/dev-credentials.js';

/** An issuing CA (it issues people's certificates and their CRL) and, for one of our own making, its root. */
export interface TestCa {
  cert: x509.X509Certificate;
  key: webcrypto.CryptoKey;
  name: string;
  root?: { cert: x509.X509Certificate; key: webcrypto.CryptoKey; name: string };
}

/** The issuing CA the test run configured (in the EDS_CA_CERT_FILE bundle), with its private key. */
export async function runCa(): Promise<TestCa> {
  const key = await importKey(readFileSync(process.env.TEST_EDS_CA_KEY_FILE!, 'utf8'));
  const bundle = x509.PemConverter.decode(readFileSync(process.env.EDS_CA_CERT_FILE!, 'utf8'));
  const cert = bundle.map((der) => new x509.X509Certificate(der)).find((c) => c.subject === DEV_CA_NAME)!;
  return { cert, key, name: DEV_CA_NAME };
}

/** A PKI of its own, root and issuing CA (trusted by nobody unless configured); `issuing` sets the issuing CA's validity. */
export async function newCa(name: string, issuing: Validity = {}): Promise<TestCa> {
  const rootName = `${name.replace(/^CN=([^,]*)/, 'CN=$1 Root')}`;
  const root = await selfSigned(rootName, true);
  const ca = await issueIntermediate({ name: rootName, key: root.keys.privateKey }, name, issuing);
  return {
    cert: ca.cert,
    key: ca.keys.privateKey,
    name,
    root: { cert: root.cert, key: root.keys.privateKey, name: rootName },
  };
}

export interface SigningOptions extends Pick<
  ApplicantCertificateOptions,
  'notBefore' | 'notAfter' | 'purpose' | 'ocspUrl'
> {
  /** The IIN the certificate carries (default: the applicant's). */
  certificateIin?: string;
  /** Sign other bytes than the request (a broken signature). */
  tamper?: boolean;
  /** An attached CMS carrying this text inside (signed over it), instead of a detached one over the request. */
  attached?: string | ((request: string) => string);
  /** Carry the issuing CA's certificate in the CMS. */
  withChain?: boolean;
}

/** The applicant's certificate (SERIALNUMBER=IIN…, as the NCA issues them) and a CMS signature over the request. */
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
      purpose: options.purpose,
      ocspUrl: options.ocspUrl,
    },
  );
  const request = signedContent({ ...dossier, signature: undefined });
  const { attached } = options;
  const content =
    attached === undefined
      ? request + (options.tamper ? ' ' : '')
      : typeof attached === 'string'
        ? attached
        : attached(request);
  const cms = await signDetached(
    Buffer.from(content, 'utf8'),
    { certificate, privateKey, chain: options.withChain ? [ca.cert] : [] },
    { attached: attached !== undefined },
  );
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
