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

/**
 * What the API answers people, with its error code (machine-readable, English): the sentence in English
 * for integrators (`message`, as before) and in Kazakh and Russian for the applicant or the operator
 * (`text`), as every text the applicant reads is (§13 of the Standard).
 */
export interface Message extends Text {
  en: string;
}

export const API_MESSAGES = {
  noSuchRoute: { en: 'no such route', kk: 'Мұндай мекенжай жоқ.', ru: 'Такого адреса нет.' },
  malformedJson: {
    en: 'the body is not valid JSON',
    kk: 'Сұраудың денесі жарамды JSON емес.',
    ru: 'Тело запроса не является корректным JSON.',
  },
  unsupportedEncoding: {
    en: 'send UTF-8 JSON',
    kk: 'JSON-ды UTF-8 кодтауымен жіберіңіз.',
    ru: 'Отправьте JSON в кодировке UTF-8.',
  },
  badAddress: { en: 'the address is not valid', kk: 'Сұраудың мекенжайы жарамсыз.', ru: 'Адрес запроса некорректен.' },
  unreadable: {
    en: 'the request could not be read',
    kk: 'Сұрауды оқу мүмкін болмады.',
    ru: 'Запрос не удалось прочитать.',
  },
  recordUnreadable: {
    en: 'this application’s stored record cannot be read now; the provider’s operators have been alerted',
    kk: 'Бұл өтініштің сақталған жазбасын қазір оқу мүмкін емес; қызмет берушінің операторларына хабарланды.',
    ru: 'Сохранённую запись этого заявления сейчас невозможно прочитать; операторы услугодателя оповещены.',
  },
  unavailable: {
    en: 'the service could not answer now; try again shortly',
    kk: 'Қызмет қазір жауап бере алмады; сәлден соң қайталап көріңіз.',
    ru: 'Сервис сейчас не смог ответить; повторите попытку чуть позже.',
  },
  applicationAsJson: {
    en: 'send the application as application/json',
    kk: 'Өтінішті application/json түрінде жіберіңіз.',
    ru: 'Отправьте заявление в формате application/json.',
  },
  applicationInvalid: {
    en: 'the application has invalid fields',
    kk: 'Өтініште қате толтырылған өрістер бар.',
    ru: 'В заявлении есть неверно заполненные поля.',
  },
  consentMissing: {
    en: 'the applicant has not consented (§11)',
    kk: 'Өтініш беруші заңмен қорғалатын мәліметтерді пайдалануға келісім бермеген (11-тармақ).',
    ru: 'Заявитель не дал согласия на использование сведений, составляющих охраняемую законом тайну (пункт 11).',
  },
  badIdempotencyKey: {
    en: 'Idempotency-Key must be 8 to 128 letters, digits, - or _',
    kk: 'Idempotency-Key 8-ден 128-ге дейінгі әріптен, цифрдан, - немесе _ таңбасынан тұруы керек.',
    ru: 'Idempotency-Key должен состоять из 8–128 букв, цифр, знаков - или _.',
  },
  applicationNotFound: {
    en: 'no application with this id',
    kk: 'Мұндай сәйкестендіргіші бар өтініш жоқ.',
    ru: 'Заявления с таким идентификатором нет.',
  },
  receiptNotFound: {
    en: 'no refusal receipt for this application',
    kk: 'Бұл өтініш бойынша бас тарту туралы қолхат жоқ.',
    ru: 'По этому заявлению нет расписки об отказе.',
  },
  tooManySignIns: {
    en: 'too many sign-in attempts from this address; wait a minute',
    kk: 'Осы мекенжайдан кіру әрекеттері тым көп; бір минут күтіңіз.',
    ru: 'Слишком много попыток входа с этого адреса; подождите минуту.',
  },
  accountInvalid: {
    en: 'the account has invalid fields',
    kk: 'Есептік жазбада қате толтырылған өрістер бар.',
    ru: 'В учётной записи есть неверно заполненные поля.',
  },
  challengeInvalid: {
    en: 'challenge: unknown, used or expired; ask POST /portal/challenges for a new one',
    kk: 'Қол қоюға берілген мәтін белгісіз, пайдаланылған немесе мерзімі өткен; жаңасын сұраңыз (POST /portal/challenges).',
    ru: 'Текст для подписи неизвестен, уже использован или истёк; запросите новый (POST /portal/challenges).',
  },
  signatureRefused: {
    en: 'signature: the EDS signature of the challenge does not prove this IIN',
    kk: 'Мәтінге қойылған ЭЦҚ осы ЖСН-ді растамайды.',
    ru: 'ЭЦП, которой подписан текст, не подтверждает этот ИИН.',
  },
  passwordSet: {
    en: 'the password of this IIN is set: sign in with it',
    kk: 'Осы ЖСН-нің құпиясөзі орнатылды: онымен кіріңіз.',
    ru: 'Пароль для этого ИИН установлен: войдите с ним.',
  },
  sendIinAndPassword: { en: 'send iin and password', kk: 'ЖСН мен құпиясөзді жіберіңіз.', ru: 'Укажите ИИН и пароль.' },
  slowDown: {
    en: 'too many failed attempts from here: try again after Retry-After seconds',
    kk: 'Осы жерден сәтсіз әрекеттер тым көп: Retry-After секундтан кейін қайталаңыз.',
    ru: 'Слишком много неудачных попыток отсюда: повторите через Retry-After секунд.',
  },
  invalidCredentials: {
    en: 'the IIN or the password is wrong',
    kk: 'ЖСН немесе құпиясөз қате.',
    ru: 'Неверный ИИН или пароль.',
  },
  certificateNotFound: {
    en: 'no provider certificate for this district',
    kk: 'Бұл аудан үшін көрсетілетін қызметті берушінің сертификаты жоқ.',
    ru: 'Для этого района нет сертификата услугодателя.',
  },
  outTrayNotFound: {
    en: "nothing for this application in the centre's out-tray",
    kk: 'Орталықтың беруге арналған құжаттарында бұл өтініш бойынша ештеңе жоқ.',
    ru: 'В документах центра к выдаче по этому заявлению ничего нет.',
  },
  signIn: {
    en: 'sign in on the portal (Bearer session) or use a State Corporation API key (ApiKey)',
    kk: 'Порталға кіріңіз (Bearer сессиясы) немесе Мемлекеттік корпорацияның API кілтін пайдаланыңыз (ApiKey).',
    ru: 'Войдите на портал (сессия Bearer) или используйте API-ключ Государственной корпорации (ApiKey).',
  },
  operatorsOnly: {
    en: 'only State Corporation operators can do this',
    kk: 'Мұны тек Мемлекеттік корпорацияның операторлары жасай алады.',
    ru: 'Это могут делать только операторы Государственной корпорации.',
  },
  applicantsOnly: {
    en: 'only a signed-in applicant can do this',
    kk: 'Мұны тек порталға кірген өтініш беруші жасай алады.',
    ru: 'Это может делать только вошедший на портал заявитель.',
  },
} as const satisfies Record<string, Message>;

/** 413: the body past its limit. */
export const tooLarge = (applications: string, other: string): Message => ({
  en: `the body is too large (applications: ${applications}, other requests: ${other})`,
  kk: `Сұрау тым үлкен (өтініш: ${applications}, басқа сұраулар: ${other}).`,
  ru: `Запрос слишком большой (заявление: ${applications}, другие запросы: ${other}).`,
});

/** 429: the submissions of a centre in an hour, or of an account in a day, past their limit. */
export const tooManySubmissions = (by: 'centre' | 'account', limit: number): Message =>
  by === 'centre'
    ? {
        en: `this service centre has submitted ${limit} applications this hour; try again later`,
        kk: `Бұл халыққа қызмет көрсету орталығы осы сағатта ${limit} өтініш жіберді; кейінірек қайталаңыз.`,
        ru: `Этот центр обслуживания населения отправил ${limit} заявлений за этот час; повторите позже.`,
      }
    : {
        en: `this account has submitted ${limit} applications today; try again later`,
        kk: `Бұл есептік жазбадан бүгін ${limit} өтініш жіберілді; кейінірек қайталаңыз.`,
        ru: `С этой учётной записи сегодня отправлено ${limit} заявлений; повторите позже.`,
      };

/**
 * Step 4 (§10): why the commission's decision goes back to its member, shown on top of the form. The
 * member reads Kazakh or Russian; the form shows both.
 */
export const COMMISSION_PROBLEMS = {
  chooseOutcome: {
    kk: 'Шешімді таңдаңыз: тағайындау немесе бас тарту.',
    ru: 'Выберите решение: назначить или отказать.',
  },
  minutesNumberMissing: { kk: 'Комиссия хаттамасының нөмірін көрсетіңіз.', ru: 'Укажите номер протокола комиссии.' },
  minutesNumberTooLong: { kk: 'Хаттаманың нөмірі 40 таңбадан ұзын.', ru: 'Номер протокола длиннее 40 знаков.' },
  minutesDateMissing: { kk: 'Хаттаманың күнін көрсетіңіз.', ru: 'Укажите дату протокола.' },
  amountNotPositive: { kk: 'Көмек мөлшерін нөлден жоғары көрсетіңіз.', ru: 'Укажите размер помощи больше нуля.' },
} as const satisfies Record<string, Text>;

export const minutesInFuture = (date: string): Text => ({
  kk: `Хаттаманың күні ${date} әлі келген жоқ.`,
  ru: `Дата протокола ${date} ещё не наступила.`,
});

export const amountNeedsReason = (amount: string, calculated: string): Text => ({
  kk: `${amount} мөлшері есептелген ${calculated} мөлшерінен жоғары: жазбаша негіздеңіз.`,
  ru: `Размер ${amount} выше рассчитанного ${calculated}: обоснуйте письменно.`,
});

export const groundNotListed = (grounds: readonly string[]): Text => ({
  kk: `Бас тарту негізін тізімнен таңдаңыз: ${grounds.join(', ')}.`,
  ru: `Выберите основание отказа из перечня: ${grounds.join(', ')}.`,
});

export const notAMember = (completedBy: string | null): Text => ({
  kk: `Шешімді аудан комиссиясының мүшесі емес адам енгізді (${completedBy ?? 'жүйеге ешкім кірмеген'}).`,
  ru: `Решение внесено не членом комиссии района (${completedBy ?? 'никто не вошёл в систему'}).`,
});

/** §11: what the commission reads on the case sheet of the registers' answers beside the figures. */
export const STATE_FINDINGS = {
  noIdentityRecord: {
    kk: 'Халықты тіркеу тізілімінде өтініш беруші туралы жазба жоқ.',
    ru: 'В реестре населения нет записи о заявителе.',
  },
  identityExpired: (date: string): Text => ({
    kk: `Өтініш берушінің жеке басын куәландыратын құжатының мерзімі ${date} өткен.`,
    ru: `Срок документа, удостоверяющего личность заявителя, истёк ${date}.`,
  }),
  noOwnedDwelling: {
    kk: 'Жылжымайтын мүлікке құқықтар тізілімінде отбасының тұрғын үйі жоқ, алайда өтініш беруші оның иесі екенін мәлімдейді.',
    ru: 'В реестре прав на недвижимость нет жилья семьи, хотя заявитель заявляет, что владеет им.',
  },
  noRegistration: {
    kk: 'Мекенжай тізілімінде өтініш берушінің тіркеуі жоқ.',
    ru: 'В адресном регистре нет регистрации заявителя.',
  },
  temporaryRegistration: {
    kk: 'Өтініш берушінің мекенжайдағы тіркеуі уақытша.',
    ru: 'Регистрация заявителя по адресу временная.',
  },
  outsideCity: (district: string): Text => ({
    kk: `Өтініш беруші қала аудандарынан тыс тіркелген (${district}).`,
    ru: `Заявитель зарегистрирован вне районов города (${district}).`,
  }),
  unemployed: (since?: string): Text => ({
    kk: `Өтініш беруші жұмыссыз ретінде тіркелген${since ? ` (${since} бастап)` : ''}.`,
    ru: `Заявитель зарегистрирован как безработный${since ? ` с ${since}` : ''}.`,
  }),
} as const;

const RELATIONS = {
  spouse: { kk: 'жұбайы', ru: 'супруг(а)' },
  child: { kk: 'баласы', ru: 'ребёнок' },
  parent: { kk: 'ата-анасы', ru: 'родитель' },
} as const satisfies Record<string, Text>;
type Relation = keyof typeof RELATIONS;

/** Why the civil registry did not confirm a declared member (§11: a member's data is asked only once it does). */
export const UNCONFIRMED_BECAUSE = {
  'no-iin': {
    kk: 'өтініште ЖСН-і жоқ, сондықтан АХАЖ тізілімі туыстықты растай алмайды',
    ru: 'в заявлении нет ИИН, поэтому реестр ЗАГС не может подтвердить родство',
  },
  'relation-not-provable': {
    kk: 'жұбайы, баласы немесе ата-анасы емес туыстықпен мәлімделген, оны өтініш берушінің неке немесе туу туралы жазбасы дәлелдемейді',
    ru: 'заявлен с родством иным, чем супруг, ребёнок или родитель, которое не доказывает ни одна запись о браке или рождении заявителя',
  },
  'no-record-spouse': {
    kk: 'АХАЖ тізілімі бойынша өтініш берушімен күшіндегі некеде тұрмайды',
    ru: 'по реестру ЗАГС не состоит с заявителем в действующем браке',
  },
  'no-record-child': {
    kk: 'АХАЖ тізілімінде өтініш берушіні ата-анасы ретінде көрсететін туу туралы жазбасы жоқ',
    ru: 'в реестре ЗАГС нет записи о рождении, где заявитель указан родителем',
  },
  'no-record-parent': {
    kk: 'өтініш берушінің туу туралы жазбасында ата-анасы ретінде көрсетілмеген',
    ru: 'не указан родителем в записи о рождении заявителя',
  },
} as const satisfies Record<string, Text>;

export const unconfirmedMember = (
  member: number,
  relation: Relation | null,
  because: keyof typeof UNCONFIRMED_BECAUSE,
): Text => {
  const why = UNCONFIRMED_BECAUSE[because];
  return {
    kk: `Отбасы мүшесі ${member}${relation ? ` (мәлімделгені: ${RELATIONS[relation].kk})` : ''} — ${why.kk}: ешбір тізілімнен сұралмады және отбасы құрамында есептелмеді.`,
    ru: `Член семьи ${member}${relation ? ` (заявлен: ${RELATIONS[relation].ru})` : ''} — ${why.ru}: ни в одном реестре не запрашивался и в составе семьи не учтён.`,
  };
};

/** §1: why a department other than the declared district's handles an application. */
export const reroutedText = (declared: Text, registered: Text): Text => ({
  kk: `Мәлімделген аудан — ${declared.kk}, тіркелген аудан — ${registered.kk}: өтінішті ${registered.kk} бөлімі қарайды (§1).`,
  ru: `Заявлено: ${declared.ru}, зарегистрирован: ${registered.ru}; заявление рассматривает отдел: ${registered.ru} (§1).`,
});

/** Both languages in one line, where one field shows a text (the commission's form). */
export const bilingual = (t: Text): string => `${t.kk} / ${t.ru}`;
