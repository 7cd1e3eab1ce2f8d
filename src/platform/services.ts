import { engineCredentials, requireProviderSigners, type Config } from '../config.js';
import type { District } from '../domain/districts.js';
import { signedContent, type SignedDocument } from '../domain/provider-signer.js';
import type { EdsProblem, EdsTrust } from '../domain/eds.js';
import { CamundaClient } from '../engine/camunda.js';
import { commissionSubmission, type CommissionSubmission } from '../engine/commission-history.js';
import { stateGateway } from '../gateway/index.js';
import type { StateGateway } from '../gateway/state-gateway.js';

/** What a step asks of the world outside Redis; each is loaded when a step first needs it. */
export interface StepServices {
  /** §11: the e-government gateway to the state registers. */
  stateGateway(): StateGateway;
  /** §3, §14: `fields` as a document signed with the certificate of `district`'s department. */
  signAsProvider(district: District, fields: Record<string, unknown>): Promise<SignedDocument>;
  /** Condition 2: the EDS over `content`, against the configured CA and its current revocation list. */
  checkEds(input: { content: string; cms?: string; applicantIin: string; now: Date }): Promise<EdsProblem[]>;
  /** Step 4: what the commission's task was last completed with, and by whom, from the engine's history. */
  commissionSubmission(processInstanceId: string): Promise<CommissionSubmission | null>;
}

/**
 * The services of the daemon's steps and of the API, built from the configuration. The crypto
 * libraries (pkijs, x509) are imported when a step first needs them, not when the process starts.
 */
export function stepServices(config: Config): StepServices {
  const signers: Partial<Record<District, Promise<(content: string) => Promise<string>>>> = {};
  let trust: Promise<EdsTrust> | undefined;
  const edsTrust = () => (trust ??= import('./eds-trust.js').then((m) => m.edsTrust(config)));

  let engine: CamundaClient | undefined;

  return {
    stateGateway: () => stateGateway(config),
    commissionSubmission(processInstanceId) {
      engine ??= new CamundaClient(config.CAMUNDA_URL, engineCredentials(config));
      return commissionSubmission(engine, processInstanceId);
    },
    async signAsProvider(district, fields) {
      const { certificatePem, privateKeyPem, signedBy } = requireProviderSigners(config)[district];
      const signer = (signers[district] ??= import('../domain/cms.js').then(async ({ loadSigner, signDetached }) => {
        const loaded = await loadSigner(certificatePem, privateKeyPem);
        return async (text: string) => (await signDetached(Buffer.from(text, 'utf8'), loaded)).toString('base64');
      }));
      const content = signedContent(fields, signedBy);
      return { content, signature: await (await signer)(content), mediaType: 'application/json', signedBy };
    },
    // A revocation source that cannot answer (a CRL out of date, OCSP down) throws: the task fails, then an
    // incident — the provider's fault, not the applicant's.
    async checkEds({ content, cms, applicantIin, now }) {
      const { checkEds } = await import('../domain/eds.js');
      return checkEds({ content: Buffer.from(content, 'utf8'), cms, applicantIin, now, trust: await edsTrust() });
    },
  };
}
