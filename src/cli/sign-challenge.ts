import { readFileSync } from 'node:fs';
import { signDetached } from '../domain/cms.js';
import { DEV_CREDENTIALS_DIR } from '../paths.js';
import { importKey, issueApplicantCertificate } from '../stack/authority.js';
import { DEV_CA_NAME, devCredentials } from '../stack/dev-credentials.js';
import { command } from './lib/main.js';

/**
 * `npm run -s sign-challenge -- <iin> <challenge>`: for trying the portal locally, signs a challenge of
 * POST /portal/challenges as the person's EDS would (detached CMS, a certificate with SERIALNUMBER=IIN…
 * from the development CA of `npm start`) and prints the `signature` for POST /portal/accounts.
 */
const [iin, challenge] = command(
  'npm run -s sign-challenge --',
  'signs a portal challenge with an EDS certificate for the IIN from the development CA of npm start, and prints {"cms": …}',
)
  .argument('<iin>', 'the IIN the certificate carries')
  .argument('<challenge>', 'the challenge, exactly as POST /portal/challenges gave it')
  .parse().args;
const credentials = await devCredentials(DEV_CREDENTIALS_DIR);
const ca = { name: DEV_CA_NAME, key: await importKey(readFileSync(credentials.caKeyFile, 'utf8')) };
const { certificate, privateKey } = await issueApplicantCertificate(ca, iin);
const cms = await signDetached(Buffer.from(challenge, 'utf8'), { certificate, privateKey });
console.log(JSON.stringify({ cms: cms.toString('base64') }));
