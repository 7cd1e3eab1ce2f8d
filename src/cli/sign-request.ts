import { readFileSync } from 'node:fs';
import { signedContent, type Dossier } from '../domain/application.js';
import { signDetached } from '../domain/cms.js';
import { DEV_CREDENTIALS_DIR } from '../paths.js';
import { importKey, issueApplicantCertificate } from '../stack/authority.js';
import { DEV_CA_NAME, devCredentials } from '../stack/dev-credentials.js';
import { command } from './lib/main.js';

/**
 * `npm run sign-request -- request.json`: for trying the portal locally, issues a certificate for the
 * request's applicant (SERIALNUMBER=IIN…) from the development CA of `npm start`, signs the request
 * as the portal's EDS would (detached CMS), and prints the request with its signature.
 */
const [file] = command(
  'npm run -s sign-request --',
  "signs a request as the portal's EDS would, with a certificate for its applicant from the development CA of npm start, and prints it (> signed.json)",
)
  .argument('<request.json>', 'the request to sign')
  .parse().args;
const request = JSON.parse(readFileSync(file, 'utf8')) as Dossier;
const credentials = await devCredentials(DEV_CREDENTIALS_DIR);
const ca = { name: DEV_CA_NAME, key: await importKey(readFileSync(credentials.caKeyFile, 'utf8')) };
const { certificate, privateKey } = await issueApplicantCertificate(ca, request.applicant.iin);
const cms = await signDetached(Buffer.from(signedContent(request), 'utf8'), { certificate, privateKey });
console.log(JSON.stringify({ ...request, signature: { cms: cms.toString('base64') } }, null, 2));
