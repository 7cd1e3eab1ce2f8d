import { z } from 'zod';
import { calendarDate } from './almaty.js';
import type { Dossier } from './application.js';

/**
 * The documents of §9 of the Standard (order of the Minister of National Economy No. 319,
 * 9 April 2015) that the applicant hands over; the rest (§11 of the regulation: identity, rights to
 * housing, address, social payments, business income, alimony, unemployed status) the provider
 * fetches itself from state information systems and never asks for.
 */
export type DocumentType =
  | 'application'
  | 'identity-document'
  | 'family-income'
  | 'housing-maintenance-bill'
  | 'utility-bills'
  | 'telecom-bill'
  | 'lease-agreement';

/** Owner; tenant of the state housing fund; tenant of a dwelling the local executive body rents in the private fund. */
export const TENURES = ['owner', 'state-rent', 'akimat-private-rent'] as const;
export type Tenure = (typeof TENURES)[number];

export interface DocumentSpec {
  type: DocumentType;
  kk: string;
  ru: string;
  requiredWhen: (c: DocumentContext) => boolean;
}

export interface DocumentContext {
  tenure: Tenure;
  claimsTelecom: boolean;
}

export const submittedDocumentSchema = z.object({
  type: z.string(),
  /** ISO date; a document past it has expired (§11: a refusal ground). */
  validUntil: z.string().optional(),
  /** Portal: the electronic copy; its base64 content is kept apart from the dossier once received. */
  file: z
    .object({ mediaType: z.string(), content: z.string().optional(), bytes: z.number().int().min(0).optional() })
    .optional(),
});
export type SubmittedDocument = z.infer<typeof submittedDocumentSchema>;

/** The documents as every step reads them: each electronic copy described (type, size), its content left out. */
export function describeCopies(documents: SubmittedDocument[]): SubmittedDocument[] {
  return documents.map((d) =>
    d.file
      ? { ...d, file: { mediaType: d.file.mediaType, bytes: Math.floor(((d.file.content ?? '').length * 3) / 4) } }
      : d,
  );
}

/** Condition 3's limit on one attached file. */
export const MAX_FILE_BYTES = 2 * 1024 * 1024;

export const DOCUMENT_SPECS: readonly DocumentSpec[] = [
  { type: 'application', kk: 'Өтініш', ru: 'Заявление', requiredWhen: () => true },
  {
    type: 'identity-document',
    kk: 'Жеке басты куәландыратын құжат (сәйкестендіру үшін)',
    ru: 'Документ, удостоверяющий личность (для идентификации)',
    requiredWhen: () => true,
  },
  {
    type: 'family-income',
    kk: 'Отбасының табысын растайтын құжаттар',
    ru: 'Документы, подтверждающие доходы семьи',
    requiredWhen: () => true,
  },
  {
    type: 'housing-maintenance-bill',
    kk: 'Тұрғын үйді күтіп-ұстауға жарналар шоты',
    ru: 'Счета о размерах ежемесячных взносов на содержание жилого дома',
    requiredWhen: () => true,
  },
  {
    type: 'utility-bills',
    kk: 'Коммуналдық қызметтерді тұтыну шоттары',
    ru: 'Счета на потребление коммунальных услуг',
    requiredWhen: () => true,
  },
  {
    type: 'telecom-bill',
    kk: 'Телекоммуникация қызметтері үшін түбіртек-шот',
    ru: 'Квитанция-счет за услуги телекоммуникаций',
    requiredWhen: (c) => c.claimsTelecom,
  },
  {
    type: 'lease-agreement',
    kk: 'Мемлекеттік тұрғын үй қорынан немесе жергілікті атқарушы орган жеке тұрғын үй қорынан жалға алған тұрғын үйді жалдау (қосалқы жалдау) шарты',
    ru: 'Договор найма (поднайма) жилища из государственного жилищного фонда или жилища, арендованного местным исполнительным органом в частном жилищном фонде',
    requiredWhen: (c) => c.tenure !== 'owner',
  },
];

export const DOCUMENT_TYPES = DOCUMENT_SPECS.map((s) => s.type);

const documentType = z.enum(DOCUMENT_TYPES as [DocumentType, ...DocumentType[]]);
export const documentCheckSchema = z.object({
  complete: z.boolean(),
  missing: z.array(documentType),
  expired: z.array(documentType),
  unknown: z.array(z.string()),
});
export type DocumentCheck = z.infer<typeof documentCheckSchema>;

/** §11 of the regulation: an incomplete set or an expired document is refused at intake. */
export function checkDocuments(submitted: SubmittedDocument[], context: DocumentContext, today: string): DocumentCheck {
  const byType = new Map(submitted.map((d) => [d.type, d]));
  const required = DOCUMENT_SPECS.filter((s) => s.requiredWhen(context));
  const missing = required.filter((s) => !byType.has(s.type)).map((s) => s.type);
  const expired = required
    .filter((s) => {
      const validUntil = byType.get(s.type)?.validUntil;
      const until = validUntil === undefined ? null : calendarDate(validUntil);
      return until !== null && until < today;
    })
    .map((s) => s.type);
  const known = new Set<string>(DOCUMENT_TYPES);
  const unknown = submitted.map((d) => d.type).filter((t) => !known.has(t));
  return { complete: missing.length === 0 && expired.length === 0, missing, expired, unknown };
}

export function documentName(type: DocumentType, lang: 'kk' | 'ru'): string {
  const spec = DOCUMENT_SPECS.find((s) => s.type === type);
  return spec ? spec[lang] : type;
}

/**
 * Condition 3 (§12) on the portal: each document is an electronic copy that must be readable — one of
 * the accepted formats, within the size limit, and its content really of the declared format.
 */
export type FileProblem = 'file-missing' | 'type-not-allowed' | 'too-large' | 'empty' | 'unreadable';

export const ACCEPTED_FILES: Record<string, (bytes: Buffer) => boolean> = {
  'application/pdf': (b) => b.subarray(0, 5).toString('latin1') === '%PDF-',
  'image/jpeg': (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  'image/png': (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
};

export function checkFiles(
  submitted: SubmittedDocument[],
  maxBytes: number,
): Array<{ type: string; problem: FileProblem }> {
  return submitted.flatMap((d) => {
    const problem = fileProblem(d, maxBytes);
    return problem ? [{ type: d.type, problem }] : [];
  });
}

function fileProblem(d: SubmittedDocument, maxBytes: number): FileProblem | null {
  if (!d.file) return 'file-missing';
  const looksLike = ACCEPTED_FILES[d.file.mediaType];
  if (!looksLike) return 'type-not-allowed';
  const bytes = Buffer.from(d.file.content ?? '', 'base64');
  if (bytes.length === 0) return 'empty';
  if (bytes.length > maxBytes) return 'too-large';
  return looksLike(bytes) ? null : 'unreadable';
}

/** The §9 documents of a dossier, with what its household and costs require, on `today` (YYYY-MM-DD). */
export function checkDossierDocuments(
  dossier: Pick<Dossier, 'documents' | 'household' | 'housingCosts'>,
  today: string,
): DocumentCheck {
  return checkDocuments(
    dossier.documents,
    { tenure: dossier.household.tenure, claimsTelecom: dossier.housingCosts.communication > 0 },
    today,
  );
}
