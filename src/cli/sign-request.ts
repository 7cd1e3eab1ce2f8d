import { randomBytes, webcrypto } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as x509 from '@peculiar/x509';
import { signedContent, type Dossier } from '../domain/application.js';
import { signDetached } from '../domain/cms.js';
import { ROOT } from '../paths.js';
import { DEV_CA_NAME, devCredentials } from './dev-credentials.js';

/**
 * `npm run sign-request -- request.json`: for trying the portal locally, issues a certificate for the
 * request's applicant (SERIALNUMBER=IIN…) from the development CA of `npm start`, signs the request
 * as the portal's EDS would (detached CMS), and prints the request with its signature.
 */
const file = process.argv[2];
if (!file) {
  console.error('usage: npm run -s sign-request -- request.json > signed.json');
  process.exit(2);
}
const request = JSON.parse(readFileSync(file, 'utf8')) as Dossier;
const credentials = await devCredentials(join(ROOT, '.data', 'credentials'));
const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const caKey = await webcrypto.subtle.importKey('pkcs8', x509.PemConverter.decode(readFileSync(credentials.caKeyFile, 'utf8'))[0], ALG, false, ['sign']);
const keys = (await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
const certificate = await x509.X509CertificateGenerator.create({
  serialNumber: `7${randomBytes(7).toString('hex')}`,
  subject: [{ '2.5.4.5': [`IIN${request.applicant.iin}`] }, { C: ['KZ'] }],
  issuer: DEV_CA_NAME,
  notBefore: new Date(Date.now() - 60_000),
  notAfter: new Date(Date.now() + 365 * 86_400_000),
  signingAlgorithm: ALG,
  publicKey: keys.publicKey,
  signingKey: caKey as never,
});
const cms = await signDetached(Buffer.from(signedContent(request), 'utf8'), { certificate, privateKey: keys.privateKey });
console.log(JSON.stringify({ ...request, signature: { cms: cms.toString('base64') } }, null, 2));
