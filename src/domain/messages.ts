import type { EdsProblem } from './eds.js';
import { documentName, type DocumentCheck, type DocumentType } from './documents.js';

export interface Text {
  kk: string;
  ru: string;
}

const EDS: Record<EdsProblem, Text> = {
  'signature-missing': { kk: 'сұрау ЭЦҚ-мен қол қойылмаған', ru: 'запрос не подписан ЭЦП' },
  'certificate-malformed': { kk: 'ЭЦҚ сертификаты оқылмайды', ru: 'сертификат ЭЦП не читается' },
  'certificate-not-yet-valid': { kk: 'ЭЦҚ сертификатының қолданылу мерзімі басталмаған', ru: 'срок действия сертификата ЭЦП ещё не начался' },
  'certificate-expired': { kk: 'ЭЦҚ сертификатының қолданылу мерзімі өткен', ru: 'срок действия сертификата ЭЦП истёк' },
  'certificate-untrusted': { kk: 'ЭЦҚ сертификатын ұлттық куәландырушы орталық бермеген', ru: 'сертификат ЭЦП выдан не национальным удостоверяющим центром' },
  'certificate-revoked': { kk: 'ЭЦҚ сертификаты кері қайтарылған', ru: 'сертификат ЭЦП отозван' },
  'iin-mismatch': { kk: 'сұраудағы ЖСН сертификаттағы ЖСН-ге сәйкес келмейді', ru: 'ИИН в запросе не совпадает с ИИН в сертификате' },
  'signature-invalid': { kk: 'ЭЦҚ сұрауға сәйкес келмейді', ru: 'ЭЦП не соответствует запросу' },
};

const list = (items: string[]) => items.join('; ');

/** Process 4 (§14): refusal because the applicant's EDS is not confirmed. */
export function edsRefusal(problems: EdsProblem[]): Text {
  return {
    kk: `Сіздің ЭЦҚ расталмағандықтан бас тартылды: ${list(problems.map((p) => EDS[p].kk))}.`,
    ru: `Отказ в связи с неподтверждением ЭЦП заявителя: ${list(problems.map((p) => EDS[p].ru))}.`,
  };
}

function documentProblems(check: DocumentCheck, lang: 'kk' | 'ru'): string[] {
  const missing = lang === 'kk' ? 'жоқ' : 'отсутствует';
  const expired = lang === 'kk' ? 'мерзімі өткен' : 'истёк срок действия';
  const unknown = lang === 'kk' ? 'Стандарттың 9-тармағында жоқ құжат' : 'документ не из перечня п. 9 Стандарта';
  return [
    ...check.missing.map((t: DocumentType) => `${documentName(t, lang)}: ${missing}`),
    ...check.expired.map((t: DocumentType) => `${documentName(t, lang)}: ${expired}`),
    ...check.unknown.map((t) => `${t}: ${unknown}`),
  ];
}

/** Process 6 (§14): refusal because of violations in the applicant's documents. */
export function documentsRefusal(check: DocumentCheck): Text {
  return {
    kk: `Құжаттардағы бұзушылықтарға байланысты бас тартылды: ${list(documentProblems(check, 'kk'))}.`,
    ru: `Отказ в связи с нарушениями в документах заявителя: ${list(documentProblems(check, 'ru'))}.`,
  };
}

/** §11 and Appendix 3 of the Standard: the receipt refusing to accept the documents. */
export function refusalReceipt(check: DocumentCheck, receiptNumber: string, date: string): Text {
  return {
    kk: `Құжаттарды қабылдаудан бас тарту туралы қолхат № ${receiptNumber}, ${date}. Себебі: ${list(documentProblems(check, 'kk'))}.`,
    ru: `Расписка об отказе в приеме документов № ${receiptNumber} от ${date}. Причина: ${list(documentProblems(check, 'ru'))}.`,
  };
}

/** §13: the request is accepted, with the date and time the result will be ready. */
export function acceptanceMessage(readyBy: Date): Text {
  const at = readyBy.toISOString().slice(0, 16).replace('T', ' ');
  return {
    kk: `Сұрауыңыз қабылданды. Нәтиже ${at} (UTC) дейін дайын болады.`,
    ru: `Ваш запрос принят. Результат будет готов до ${at} (UTC).`,
  };
}

/** Process 2 (§14): authorization refused because of violations in the applicant's data. */
export const AUTHORIZATION_REFUSAL: Text = {
  kk: 'Өтініш берушінің деректеріндегі бұзушылықтарға байланысты авторландырудан бас тартылды.',
  ru: 'Отказ в авторизации в связи с нарушениями в данных заявителя.',
};
