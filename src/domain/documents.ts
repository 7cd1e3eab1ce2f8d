import { z } from 'zod';
import { calendarDate } from './almaty.js';
import type { Channel, Dossier, IncomeSource } from './application.js';
import { incomeRegisterOf } from './income-registers.js';

/**
 * The documents of §9 of the Standard (order of the Minister of National Economy No. 319,
 * 9 April 2015). What §11 of the regulation has reach the provider from the state information systems
 * (identity, rights to housing, address, social payments, business and other income, alimony,
 * unemployed status) the applicant is never asked for: such a document handed over anyway is kept, but
 * neither checked nor a ground to refuse.
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

/**
 * What the provider needs of a document: the applicant must hand it over, may, or its data reaches the
 * provider without the applicant (`supplied`: a state register, §11; on the portal, the signed request).
 */
export type Need = 'required' | 'optional' | 'supplied';

export interface DocumentSpec {
  type: DocumentType;
  kk: string;
  ru: string;
  need: (c: DocumentContext) => Need;
}

export interface DocumentContext {
  channel: Channel;
  tenure: Tenure;
  claimsTelecom: boolean;
  /** The kinds of income the application declares. */
  incomeKinds: readonly IncomeSource[];
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
  {
    type: 'application',
    kk: 'Өтініш',
    ru: 'Заявление',
    // §10 1): handed over at the State Corporation; on the portal the request the applicant signs is the application (§12 process 3).
    need: (c) => (c.channel === 'portal' ? 'supplied' : 'required'),
  },
  {
    type: 'identity-document',
    kk: 'Жеке басты куәландыратын құжат (сәйкестендіру үшін)',
    ru: 'Документ, удостоверяющий личность (для идентификации)',
    // §11: the population register (source `identity`) answers; its expiry is a finding for the commission.
    need: () => 'supplied',
  },
  {
    type: 'family-income',
    kk: 'Отбасының табысын растайтын құжаттар',
    ru: 'Документы, подтверждающие доходы семьи',
    // §11: an income register answers for every kind of income the form takes (salary included: the
    // register of business and other income), and the calculation uses the registers' figures. A kind no
    // register covers would need its certificate.
    need: (c) => (c.incomeKinds.every((k) => incomeRegisterOf(k)) ? 'supplied' : 'required'),
  },
  {
    type: 'housing-maintenance-bill',
    kk: 'Тұрғын үйді күтіп-ұстауға жарналар шоты',
    ru: 'Счета о размерах ежемесячных взносов на содержание жилого дома',
    need: () => 'required',
  },
  {
    type: 'utility-bills',
    kk: 'Коммуналдық қызметтерді тұтыну шоттары',
    ru: 'Счета на потребление коммунальных услуг',
    need: () => 'required',
  },
  {
    type: 'telecom-bill',
    kk: 'Телекоммуникация қызметтері үшін түбіртек-шот',
    ru: 'Квитанция-счет за услуги телекоммуникаций',
    need: (c) => (c.claimsTelecom ? 'required' : 'optional'),
  },
  {
    type: 'lease-agreement',
    kk: 'Мемлекеттік тұрғын үй қорынан немесе жергілікті атқарушы орган жеке тұрғын үй қорынан жалға алған тұрғын үйді жалдау (қосалқы жалдау) шарты',
    ru: 'Договор найма (поднайма) жилища из государственного жилищного фонда или жилища, арендованного местным исполнительным органом в частном жилищном фонде',
    need: (c) => (c.tenure === 'owner' ? 'optional' : 'required'),
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
  const required = DOCUMENT_SPECS.filter((s) => s.need(context) === 'required');
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

type DossierDocuments = Pick<Dossier, 'channel' | 'documents' | 'household' | 'housingCosts' | 'incomes'>;

const contextOf = (dossier: DossierDocuments): DocumentContext => ({
  channel: dossier.channel,
  tenure: dossier.household.tenure,
  claimsTelecom: dossier.housingCosts.communication > 0,
  incomeKinds: dossier.incomes.map((i) => i.source),
});

/** The §9 documents of a dossier, with what its channel, household, incomes and costs require, on `today` (YYYY-MM-DD). */
export function checkDossierDocuments(dossier: DossierDocuments, today: string): DocumentCheck {
  return checkDocuments(dossier.documents, contextOf(dossier), today);
}

/** The documents handed over whose data the state does not supply: only their copies are checked (condition 3). */
export function handedOver(submitted: SubmittedDocument[], context: DocumentContext): SubmittedDocument[] {
  const supplied = new Set<string>(DOCUMENT_SPECS.filter((s) => s.need(context) === 'supplied').map((s) => s.type));
  return submitted.filter((d) => !supplied.has(d.type));
}

/**
 * Condition 3 on a dossier's copies: each document the applicant had to or chose to hand over needs a
 * sound copy; a copy attached to a document the state supplies is not needed, but is kept only if it is
 * sound too (an accepted type, within the size, really of its type).
 */
export function checkDossierFiles(
  dossier: DossierDocuments,
  maxBytes: number,
): Array<{ type: string; problem: FileProblem }> {
  const handed = handedOver(dossier.documents, contextOf(dossier));
  const extra = dossier.documents.filter((d) => d.file && !handed.includes(d));
  return checkFiles([...handed, ...extra], maxBytes);
}
