import { readFile, stat } from 'node:fs/promises';
import type { X509Certificate, X509Crl } from '@peculiar/x509';
import type { Config } from '../config.js';
import { stateGateway } from '../gateway/index.js';
import type { StepServices } from './worker.js';

/**
 * The daemon's services, built from the configuration. The crypto libraries (pkijs, x509) are imported
 * when a step first needs them, not when the daemon starts.
 */
export function stepServices(config: Config): StepServices {
  let signer: Promise<(content: string) => Promise<string>> | undefined;
  // The CA publishes a new CRL from time to time: it is read again when the file changes.
  let crl: { mtimeMs: number; list: X509Crl } | undefined;
  let ca: Promise<X509Certificate | undefined> | undefined;
  const edsCa = () =>
    (ca ??= config.edsCaPem
      ? import('@peculiar/x509').then(({ X509Certificate }) => new X509Certificate(config.edsCaPem!))
      : Promise.resolve(undefined));

  async function currentCrl(now: Date): Promise<X509Crl | undefined> {
    const file = config.EDS_CRL_FILE;
    const authority = await edsCa();
    if (!file || !authority) return undefined;
    const { trustedCrl, assertCurrent } = await import('../domain/eds.js');
    const { mtimeMs } = await stat(file);
    if (crl?.mtimeMs !== mtimeMs) crl = { mtimeMs, list: await trustedCrl(await readFile(file), authority, now) };
    // An out-of-date list is the provider's fault, not the applicant's: it fails the task (retry, then an incident).
    assertCurrent(crl.list, now);
    return crl.list;
  }

  return {
    stateGateway: () => stateGateway(config),
    async signAsProvider(content) {
      const provider = config.provider;
      const key = provider?.privateKeyPem;
      if (!provider || !key)
        throw new Error('PROVIDER_CERT_FILE and PROVIDER_KEY_FILE are not set: the result cannot be signed (§12)');
      signer ??= import('../domain/cms.js').then(async ({ loadSigner, signDetached }) => {
        const loaded = await loadSigner(provider.certificatePem, key);
        return async (text: string) => (await signDetached(Buffer.from(text, 'utf8'), loaded)).toString('base64');
      });
      return (await signer)(content);
    },
    async checkEds({ content, cms, applicantIin, now }) {
      const { checkEds } = await import('../domain/eds.js');
      return checkEds({
        content: Buffer.from(content, 'utf8'),
        cms,
        applicantIin,
        now,
        ca: await edsCa(),
        crl: await currentCrl(now),
      });
    },
  };
}
