import { almatyDateTime } from './almaty.js';
import type { EdsProblem } from './eds.js';
import { DOCUMENT_TYPES, documentName, type DocumentCheck, type DocumentType, type FileProblem } from './documents.js';

import type { Text } from './text.js';

export type { Text };

const EDS: Record<EdsProblem, Text> = {
  'signature-missing': { kk: 'сұрау ЭЦҚ-мен қол қойылмаған', ru: 'запрос не подписан ЭЦП' },
  'signature-malformed': { kk: 'ЭЦҚ қолтаңбасы оқылмайды', ru: 'подпись ЭЦП не читается' },
  'signer-certificate-missing': {
    kk: 'қолтаңбада қол қоюшының сертификаты жоқ',
    ru: 'в подписи нет сертификата подписавшего',
  },
  'certificate-not-yet-valid': {
    kk: 'ЭЦҚ сертификатының қолданылу мерзімі басталмаған',
    ru: 'срок действия сертификата ЭЦП ещё не начался',
  },
  'certificate-expired': {
    kk: 'ЭЦҚ сертификатының қолданылу мерзімі өткен',
    ru: 'срок действия сертификата ЭЦП истёк',
  },
  'certificate-untrusted': {
    kk: 'ЭЦҚ сертификатын ұлттық куәландырушы орталық бермеген',
    ru: 'сертификат ЭЦП выдан не национальным удостоверяющим центром',
  },
  'certificate-revoked': { kk: 'ЭЦҚ сертификаты кері қайтарылған', ru: 'сертификат ЭЦП отозван' },
  'iin-mismatch': {
    kk: 'сұраудағы ЖСН сертификаттағы ЖСН-ге сәйкес келмейді',
    ru: 'ИИН в запросе не совпадает с ИИН в сертификате',
  },
  'signature-invalid': { kk: 'ЭЦҚ сұрауға сәйкес келмейді', ru: 'ЭЦП не соответствует запросу' },
  'signed-content-differs': {
    kk: 'қолтаңбаға салынған мәтін сұраудан өзгеше',
    ru: 'подписанный в ЭЦП текст отличается от запроса',
  },
  'issuer-certificate-not-valid': {
    kk: 'ЭЦҚ сертификатын берген куәландырушы орталық сертификатының мерзімі жарамсыз',
    ru: 'сертификат удостоверяющего центра, выдавшего сертификат ЭЦП, недействителен по сроку',
  },
  'not-a-signing-certificate': {
    kk: 'сұрауға қол қою сертификатымен емес (мысалы, аутентификация сертификатымен) қол қойылған',
    ru: 'запрос подписан не сертификатом для подписи (например, сертификатом аутентификации)',
  },
  'certificate-without-iin': {
    kk: 'ЭЦҚ сертификатында ЖСН жоқ',
    ru: 'в сертификате ЭЦП нет ИИН',
  },
};

const list = (items: string[]) => items.join('; ');

/** Process 4 (§12): refusal because the applicant's EDS is not confirmed. */
export function edsRefusal(problems: EdsProblem[]): Text {
  return {
    kk: `Сіздің ЭЦҚ расталмағандықтан бас тартылды: ${list(problems.map((p) => EDS[p].kk))}.`,
    ru: `Отказ в связи с неподтверждением ЭЦП заявителя: ${list(problems.map((p) => EDS[p].ru))}.`,
  };
}

const FILE_PROBLEMS: Record<FileProblem, Text> = {
  'file-missing': { kk: 'электрондық көшірмесі тіркелмеген', ru: 'не приложена электронная копия' },
  'type-not-allowed': {
    kk: 'файл түрі қабылданбайды (PDF, JPEG, PNG)',
    ru: 'формат файла не принимается (PDF, JPEG, PNG)',
  },
  'too-large': { kk: 'файл тым үлкен', ru: 'файл слишком большой' },
  empty: { kk: 'файл бос', ru: 'файл пустой' },
  unreadable: { kk: 'файл оқылмайды', ru: 'файл не читается' },
};

function documentProblems(
  check: DocumentCheck & { files?: Array<{ type: string; problem: FileProblem }> },
  lang: 'kk' | 'ru',
): string[] {
  const missing = lang === 'kk' ? 'жоқ' : 'отсутствует';
  const expired = lang === 'kk' ? 'мерзімі өткен' : 'истёк срок действия';
  const unknown = lang === 'kk' ? 'Стандарттың 9-тармағында жоқ құжат' : 'документ не из перечня п. 9 Стандарта';
  return [
    ...check.missing.map((t: DocumentType) => `${documentName(t, lang)}: ${missing}`),
    ...check.expired.map((t: DocumentType) => `${documentName(t, lang)}: ${expired}`),
    ...check.unknown.map((t) => `${t}: ${unknown}`),
    ...(check.files ?? []).map(
      (f) =>
        `${DOCUMENT_TYPES.includes(f.type as DocumentType) ? documentName(f.type as DocumentType, lang) : f.type}: ${FILE_PROBLEMS[f.problem][lang]}`,
    ),
  ];
}

/** Process 6 (§12): refusal because of violations in the applicant's documents. */
export function documentsRefusal(
  check: DocumentCheck & { files: Array<{ type: string; problem: FileProblem }> },
): Text {
  return {
    kk: `Құжаттардағы бұзушылықтарға байланысты бас тартылды: ${list(documentProblems(check, 'kk'))}.`,
    ru: `Отказ в связи с нарушениями в документах заявителя: ${list(documentProblems(check, 'ru'))}.`,
  };
}

/** §11 and Appendix 3 of the Standard: the receipt refusing to accept the documents; both texts cite the clause. */
export function refusalReceipt(check: DocumentCheck, receiptNumber: string, date: string): Text {
  return {
    kk: `Регламенттің 11-тармағына сәйкес құжаттарды қабылдаудан бас тарту туралы қолхат № ${receiptNumber}, ${date}. Себебі: ${list(documentProblems(check, 'kk'))}.`,
    ru: `Расписка об отказе в приеме документов № ${receiptNumber} от ${date} согласно пункту 11 регламента. Причина: ${list(documentProblems(check, 'ru'))}.`,
  };
}

/** §13: the request is accepted, with the date and time the result will be ready, in Almaty time. */
export function acceptanceMessage(readyBy: Date): Text {
  const at = almatyDateTime(readyBy);
  return {
    kk: `Сұрауыңыз қабылданды. Нәтиже ${at} дейін дайын болады (Алматы уақыты, UTC+5).`,
    ru: `Ваш запрос принят. Результат будет готов до ${at} (время Алматы, UTC+5).`,
  };
}

/** Process 2 (§12): authorization refused because of violations in the applicant's data. */
export const AUTHORIZATION_REFUSAL: Text = {
  kk: 'Өтініш берушінің деректеріндегі бұзушылықтарға байланысты авторландырудан бас тартылды.',
  ru: 'Отказ в авторизации в связи с нарушениями в данных заявителя.',
};
