import { z } from 'zod';
import { almatyMonthStart, dayBefore } from './almaty.js';
import { familySize, type Dossier } from './application.js';
import { dwellingSchema } from './eligibility.js';
import { isDistrict, reroutedNote, type District } from './districts.js';
import { INCOME_REGISTERS } from './income-registers.js';
import { bilingual, STATE_FINDINGS, unconfirmedMember } from './messages.js';

/**
 * §11: what reaches the provider from the state information systems through the e-government
 * gateway. One source a register; the applicant declares none of it (bills stay declared, as the
 * Standard asks the applicant for them).
 */
export type StateSource =
  | 'civil-registry'
  | 'identity'
  | 'real-estate'
  | 'address'
  | 'social-payments'
  | 'business-income'
  | 'alimony'
  | 'unemployed';

export const STATE_SOURCES: Record<StateSource, { register: string; ru: string; perPerson: boolean }> = {
  // Asked first, and only about the applicant: whose relation it confirms decides who else is asked about.
  'civil-registry': {
    register: 'the civil registry (records of marriage and birth)',
    ru: 'актовые записи о заключении брака и о рождении',
    perPerson: false,
  },
  identity: {
    register: 'the population register (identity documents)',
    ru: 'документы, удостоверяющие личность',
    perPerson: false,
  },
  'real-estate': {
    register: 'the register of rights to real estate',
    ru: 'зарегистрированные права на жилище',
    perPerson: true,
  },
  address: { register: 'the address register (registration at the address)', ru: 'адресная справка', perPerson: false },
  'social-payments': {
    register: 'the register of social payments',
    ru: 'доходы в виде социальных выплат',
    perPerson: true,
  },
  'business-income': {
    register: 'the register of income from business and other activity',
    ru: 'доходы от предпринимательской и другой деятельности',
    perPerson: true,
  },
  alimony: {
    register: 'the register of alimony for children and other dependants',
    ru: 'алименты на детей и других иждивенцев',
    perPerson: true,
  },
  unemployed: { register: 'the register of the unemployed', ru: 'статус безработного', perPerson: false },
};

export const STATE_SOURCE_IDS = Object.keys(STATE_SOURCES) as StateSource[];

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const income = z.object({ periodTotal: z.number().finite().min(0) });
const iinOf = z.string().regex(/^\d{12}$/, 'an IIN, 12 digits');
const RECORDS = {
  /**
   * The applicant's civil status acts: their marriages, their own birth record (the parents it names)
   * and the birth records that name them as a parent. Stored cut down to the declared members' IINs.
   */
  'civil-registry': z.object({
    marriages: z.array(z.object({ spouseIin: iinOf, dissolved: z.boolean() })),
    parents: z.array(iinOf),
    children: z.array(iinOf),
  }),
  identity: z.object({ fullName: z.string().min(1), documentValidUntil: date.optional() }),
  'real-estate': z.object({
    dwellings: z.array(z.object({ district: z.string().optional(), line: z.string().min(1) })),
  }),
  address: z.object({ district: z.string().min(1), line: z.string(), permanent: z.boolean() }),
  'social-payments': income,
  'business-income': income,
  alimony: income,
  unemployed: z.object({ registered: z.boolean(), since: date.optional() }),
} satisfies Record<StateSource, z.ZodType>;

export type SourceRecords = { [S in StateSource]: z.infer<(typeof RECORDS)[S]> };
/** Each register's answer, checked before it reaches the decision (and again when the store reads it back). */
export const RECORD_SCHEMAS: { [S in StateSource]: z.ZodType<SourceRecords[S]> } = RECORDS;
export type CivilRecord = SourceRecords['civil-registry'];
export type IdentityRecord = SourceRecords['identity'];
export type RealEstateRecord = SourceRecords['real-estate'];
export type AddressRecord = SourceRecords['address'];
export type IncomeRecord = SourceRecords['social-payments'];
export type UnemployedRecord = SourceRecords['unemployed'];

/** A register's answer: its record, or that it holds none for the person. */
export type Answer<S extends StateSource = StateSource> = { found: true; record: SourceRecords[S] } | { found: false };

/** The people asked about: the applicant, and each family member with an IIN (by index). */
export const personSchema = z.custom<'applicant' | `member ${number}`>(
  (v) => typeof v === 'string' && /^(applicant|member \d+)$/.test(v),
  'a person: applicant or member N',
);
export type Person = z.infer<typeof personSchema>;

/** A register's answer for `source`: its record by the source's schema, or none. */
export const answerSchema = (source: StateSource): z.ZodType<Answer> =>
  z.union([
    z.object({ found: z.literal(true), record: RECORD_SCHEMAS[source] }),
    z.object({ found: z.literal(false) }),
  ]);

const stateSource = z.enum(STATE_SOURCE_IDS as [StateSource, ...StateSource[]]);
/** What the registers answered, by person and source; each source's record checked by its own schema. */
export const stateAnswersSchema = z.array(
  z.union(
    STATE_SOURCE_IDS.map((source) =>
      z.object({ person: personSchema, source: z.literal(source), answer: answerSchema(source) }),
    ),
  ),
);
export type StateAnswers = z.infer<typeof stateAnswersSchema>;

/**
 * The relations one record of the civil registry proves: a marriage in force (spouse), a birth record
 * naming the applicant as a parent (child), the applicant's own birth record (parent). The application
 * form takes the relation as free text; these are the words it is written with.
 */
export type Relation = 'spouse' | 'child' | 'parent';
const RELATION_WORDS: Record<Relation, readonly string[]> = {
  spouse: ['spouse', 'husband', 'wife', 'супруг', 'супруга', 'муж', 'жена', 'жұбайы', 'күйеуі', 'әйелі'],
  child: ['child', 'son', 'daughter', 'ребенок', 'ребёнок', 'сын', 'дочь', 'бала', 'баласы', 'ұлы', 'қызы'],
  parent: ['parent', 'mother', 'father', 'мать', 'отец', 'ана', 'анасы', 'әке', 'әкесі'],
};

export function relationOf(declared: string): Relation | null {
  const word = declared.trim().toLocaleLowerCase('ru');
  return (Object.keys(RELATION_WORDS) as Relation[]).find((r) => RELATION_WORDS[r].includes(word)) ?? null;
}

/** One declared member (numbered from 1, as on the case sheet): confirmed by the civil registry or not, and why not. */
export interface MemberCheck {
  member: number;
  relation: Relation | null;
  confirmed: boolean;
  reason?: 'no-iin' | 'relation-not-provable' | 'no-record';
}

/**
 * §11 and the regulation's reading (shared/regulation/README.md, "Data the provider fetches itself"): a
 * member's data is asked only once the family relation is confirmed. The civil registry is asked about
 * the applicant alone, so a member who is not confirmed is never named to any register. Brothers,
 * sisters, grandchildren and the like take more than one record of the applicant's (or records of the
 * member's own): they stay unconfirmed here, and the commission sees the finding and the documents.
 */
export function confirmFamily(dossier: Dossier, civil: Answer<'civil-registry'> | undefined): MemberCheck[] {
  const record = civil?.found ? civil.record : { marriages: [], parents: [], children: [] };
  return dossier.familyMembers.map((m, i): MemberCheck => {
    const member = i + 1;
    const relation = relationOf(m.relation);
    if (!m.iin) return { member, relation, confirmed: false, reason: 'no-iin' };
    if (!relation) return { member, relation, confirmed: false, reason: 'relation-not-provable' };
    const confirmed =
      relation === 'spouse'
        ? record.marriages.some((x) => x.spouseIin === m.iin && !x.dissolved)
        : (relation === 'child' ? record.children : record.parents).includes(m.iin);
    return confirmed ? { member, relation, confirmed } : { member, relation, confirmed, reason: 'no-record' };
  });
}

/** The civil registry's answer cut down to the declared members: other relatives' IINs are not kept. */
export function withinFamily(dossier: Dossier, civil: Answer<'civil-registry'>): Answer<'civil-registry'> {
  if (!civil.found) return civil;
  const declared = new Set(dossier.familyMembers.flatMap((m) => (m.iin ? [m.iin] : [])));
  const { marriages, parents, children } = civil.record;
  return {
    found: true,
    record: {
      marriages: marriages.filter((x) => declared.has(x.spouseIin)),
      parents: parents.filter((x) => declared.has(x)),
      children: children.filter((x) => declared.has(x)),
    },
  };
}

/** The first question: the applicant's records in the civil registry. */
export function civilQuestion(dossier: Dossier): { person: Person; iin: string; source: 'civil-registry' } {
  return { person: 'applicant', iin: dossier.applicant.iin, source: 'civil-registry' };
}

/**
 * Who is asked which source once the family is known: the incomes and dwellings of the applicant and
 * of each confirmed member, the identity, address and status of the applicant. No one else.
 */
export function questions(
  dossier: Dossier,
  family: readonly MemberCheck[],
): Array<{ person: Person; iin: string; source: StateSource }> {
  const confirmed = new Set(family.filter((c) => c.confirmed).map((c) => c.member));
  const people: Array<{ person: Person; iin: string }> = [
    { person: 'applicant', iin: dossier.applicant.iin },
    ...dossier.familyMembers.flatMap((m, i) =>
      m.iin && confirmed.has(i + 1) ? [{ person: `member ${i + 1}` as Person, iin: m.iin }] : [],
    ),
  ];
  return STATE_SOURCE_IDS.filter((s) => s !== 'civil-registry').flatMap((source) =>
    (STATE_SOURCES[source].perPerson ? people : people.slice(0, 1)).map((p) => ({ ...p, source })),
  );
}

const scalar = z.union([z.string(), z.number(), z.boolean()]);
export const differenceSchema = z.object({
  field: z.string(),
  source: stateSource,
  declared: scalar,
  verified: scalar,
  /** Personal data (a name): the case sheet says it differs, without the values. */
  personal: z.boolean().optional(),
});
export type Difference = z.infer<typeof differenceSchema>;

export const verificationSchema = z.object({
  household: dwellingSchema,
  ownedDwellings: z.number(),
  /** The family's income over the period, by register; what the calculation uses. */
  incomes: z.array(z.object({ source: z.enum(['social-payments', 'business-income', 'alimony']), amount: z.number() })),
  periodIncome: z.number(),
  differences: z.array(differenceSchema),
  /** What the commission must see that is not a figure: no record where one is needed, an expired document, the unemployed status, an unconfirmed member. */
  findings: z.array(z.string()),
  /** Absent from results stored before the civil registry was asked: those counted every declared member. */
  family: z
    .object({
      /** The family size the calculation uses: the applicant and the confirmed members. */
      counted: z.number().int().min(1),
      unconfirmed: z.array(z.number().int()),
    })
    .optional(),
});
export type Verification = z.infer<typeof verificationSchema>;

/**
 * §1: the provider is the department of the district where the applicant is permanently registered. The
 * address register's answer names it; none when the register has no permanent registration in one of
 * the city's districts.
 */
export function registeredDistrict(answers: StateAnswers): District | undefined {
  const address = answers.find((a) => a.source === 'address' && a.person === 'applicant')?.answer as
    Answer<'address'> | undefined;
  return address?.found && address.record.permanent && isDistrict(address.record.district)
    ? address.record.district
    : undefined;
}

/** The family size the calculation uses: from the registers when they were asked, else as declared. */
export const countedFamily = (dossier: Dossier, verification: Verification | undefined): number =>
  verification?.family?.counted ?? familySize(dossier);

const norm = (s: string) =>
  s
    .toLocaleLowerCase('ru')
    .replace(/[\s.,]+/g, ' ')
    .trim();
const sum = (xs: number[]) => Math.round(xs.reduce((a, b) => a + b, 0) * 100) / 100;

/**
 * Verified figures replace declared ones, and every difference is listed (§11): incomes by register,
 * the dwellings the family owns, the permanent registration at the declared address, the name.
 * `today` (YYYY-MM-DD, Almaty) dates the identity document's validity.
 */
export function verify(dossier: Dossier, answers: StateAnswers, today: string): Verification {
  const of = <S extends StateSource>(source: S, person: Person = 'applicant') =>
    answers.find((a) => a.source === source && a.person === person)?.answer as Answer<S> | undefined;
  const family = confirmFamily(dossier, of('civil-registry'));
  const counts = new Set<Person>([
    'applicant',
    ...family.filter((c) => c.confirmed).map((c) => `member ${c.member}` as Person),
  ]);
  // Only the applicant's and confirmed members' answers count, whatever else an older run stored.
  const all = <S extends StateSource>(source: S) =>
    answers.filter((a) => a.source === source && counts.has(a.person)).map((a) => a.answer as Answer<S>);
  const differences: Difference[] = [];
  const findings: string[] = [];
  const unconfirmed = family.filter((c) => !c.confirmed);
  // The calculation counts only the confirmed family (order No. 117: the aggregate income is the family's,
  // per member): a member no register may be asked about has no verified income, and counting them would
  // raise the area norm for anyone named on the form. The commission sees the finding and may decide otherwise.
  for (const c of unconfirmed)
    findings.push(
      bilingual(
        unconfirmedMember(
          c.member,
          c.relation,
          c.reason === 'no-record' ? `no-record-${c.relation ?? 'parent'}` : c.reason!,
        ),
      ),
    );
  const counted = counts.size;
  if (counted !== familySize(dossier))
    differences.push({
      field: 'family.members',
      source: 'civil-registry',
      declared: familySize(dossier),
      verified: counted,
    });

  const identity = of('identity');
  if (!identity?.found) findings.push(bilingual(STATE_FINDINGS.noIdentityRecord));
  else {
    if (norm(identity.record.fullName) !== norm(dossier.applicant.fullName)) {
      differences.push({
        field: 'applicant.fullName',
        source: 'identity',
        declared: dossier.applicant.fullName,
        verified: identity.record.fullName,
        personal: true,
      });
    }
    if (identity.record.documentValidUntil && identity.record.documentValidUntil < today)
      findings.push(bilingual(STATE_FINDINGS.identityExpired(identity.record.documentValidUntil)));
  }

  const incomes = INCOME_REGISTERS.map(({ source, declared }) => {
    const verified = sum(all(source).map((a) => (a.found ? a.record.periodTotal : 0)));
    const stated = sum(dossier.incomes.filter((i) => declared.includes(i.source)).map((i) => i.amount));
    if (verified !== stated) differences.push({ field: `incomes.${source}`, source, declared: stated, verified });
    return { source, amount: verified };
  });

  const ownedDwellings = new Set(
    all('real-estate').flatMap((a) => (a.found ? a.record.dwellings.map((d) => norm(d.line)) : [])),
  ).size;
  // Rules for providing housing assistance: an owner's dwelling is the family's only one; a tenant of the state fund (or of a dwelling the akimat rents) owns none.
  const onlyDwelling = dossier.household.tenure === 'owner' ? ownedDwellings <= 1 : ownedDwellings === 0;
  if (onlyDwelling !== dossier.household.onlyDwelling)
    differences.push({
      field: 'household.onlyDwelling',
      source: 'real-estate',
      declared: dossier.household.onlyDwelling,
      verified: onlyDwelling,
    });
  if (dossier.household.tenure === 'owner' && ownedDwellings === 0)
    findings.push(bilingual(STATE_FINDINGS.noOwnedDwelling));

  const address = of('address');
  // A permanent registration in another district of the city re-routes the case there (§1), so it counts.
  const registered = registeredDistrict(answers);
  const permanentlyRegistered = registered !== undefined;
  const declared = dossier.address.district;
  if (!address?.found) findings.push(bilingual(STATE_FINDINGS.noRegistration));
  else if (!address.record.permanent) findings.push(bilingual(STATE_FINDINGS.temporaryRegistration));
  else if (!registered) findings.push(bilingual(STATE_FINDINGS.outsideCity(address.record.district)));
  else if (registered !== declared) {
    findings.push(reroutedNote(declared, registered));
    differences.push({ field: 'address.district', source: 'address', declared, verified: registered });
  }
  if (permanentlyRegistered !== dossier.household.permanentlyRegistered) {
    differences.push({
      field: 'household.permanentlyRegistered',
      source: 'address',
      declared: dossier.household.permanentlyRegistered,
      verified: permanentlyRegistered,
    });
  }

  const unemployed = of('unemployed');
  if (unemployed?.found && unemployed.record.registered)
    findings.push(bilingual(STATE_FINDINGS.unemployed(unemployed.record.since)));

  return {
    household: { ...dossier.household, onlyDwelling, permanentlyRegistered },
    ownedDwellings,
    incomes,
    periodIncome: sum(incomes.map((i) => i.amount)),
    differences,
    findings,
    family: { counted, unconfirmed: unconfirmed.map((c) => c.member) },
  };
}

/** The income period asked for: §11 incomes over the quarter before applying (dates, YYYY-MM-DD). */
export const periodSchema = z.object({ from: z.string(), to: z.string() });
export type Period = z.infer<typeof periodSchema>;

/**
 * The income period (order No. 117: the last quarter before applying): the `months` whole months
 * before the Almaty month of `receivedAt`.
 */
export function incomePeriod(receivedAt: string, months: number): Period {
  return { from: almatyMonthStart(receivedAt, -months), to: dayBefore(almatyMonthStart(receivedAt)) };
}
