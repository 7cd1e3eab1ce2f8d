import { z } from 'zod';
import { canonicalJson } from './application.js';
import { DISTRICT_IDS } from './districts.js';

/**
 * §14: the result is signed by the provider's authorised person, that is the district department's
 * legal-entity certificate. As the NCA issues them, its subject names the organisation's BIN
 * (OU=BIN + 12 digits) and the authorised official (CN, with SERIALNUMBER=IIN + 12 digits).
 */
export const signedBySchema = z.object({
  district: z.enum(DISTRICT_IDS as [(typeof DISTRICT_IDS)[number], ...(typeof DISTRICT_IDS)[number][]]),
  bin: z.string().regex(/^\d{12}$/),
  official: z.string().min(1),
});

/** Which district's certificate signed a result: recorded with it and shown with it. */
export type SignedBy = z.infer<typeof signedBySchema>;

export type LegalEntitySubject = Omit<SignedBy, 'district'> & { officialIin: string };

/**
 * The BIN, the official and their IIN from a certificate's subject as Node prints it (one `key=value`
 * a line); the problem in words when one of them is missing.
 */
export function legalEntitySubject(subject: string): LegalEntitySubject | { problem: string } {
  const values = (key: string) =>
    subject
      .split('\n')
      .filter((line) => line.startsWith(`${key}=`))
      .map((line) => line.slice(key.length + 1));
  const bin = values('OU')
    .map((v) => /^BIN(\d{12})$/.exec(v)?.[1])
    .find(Boolean);
  const officialIin = values('serialNumber')
    .map((v) => /^IIN(\d{12})$/.exec(v)?.[1])
    .find(Boolean);
  const official = values('CN')[0]?.trim();
  if (!bin) return { problem: 'no BIN in its subject (OU=BIN and 12 digits)' };
  if (!officialIin) return { problem: "no authorised official's IIN in its subject (SERIALNUMBER=IIN and 12 digits)" };
  if (!official) return { problem: 'no authorised official in its subject (CN)' };
  return { bin, official, officialIin };
}

/** A result as a signed document (§3, §14): the exact bytes, a detached CMS signature (base64) and who signed. */
export const signedDocumentSchema = z.object({
  content: z.string(),
  signature: z.string(),
  mediaType: z.literal('application/json'),
  signedBy: signedBySchema,
});
export type SignedDocument = z.infer<typeof signedDocumentSchema>;

/** The bytes a district signs: the result's fields and the signer, so the signer is under the signature too. */
export const signedContent = (fields: Record<string, unknown>, signedBy: SignedBy): string =>
  canonicalJson({ ...fields, signedBy });
