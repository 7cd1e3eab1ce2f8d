import { z } from 'zod';
import type { Dossier, IncomeSource } from './application.js';

/**
 * §11: what reaches the provider from the state information systems through the e-government
 * gateway. One source a register; the applicant declares none of it (bills stay declared, as the
 * Standard asks the applicant for them).
 */
export type StateSource =
  'identity' | 'real-estate' | 'address' | 'social-payments' | 'business-income' | 'alimony' | 'unemployed';

export const STATE_SOURCES: Record<StateSource, { register: string; ru: string; perPerson: boolean }> = {
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

export interface IdentityRecord {
  fullName: string;
  documentValidUntil?: string;
}
export interface RealEstateRecord {
  dwellings: Array<{ district?: string; line: string }>;
}
export interface AddressRecord {
  district: string;
  line: string;
  permanent: boolean;
}
export interface IncomeRecord {
  periodTotal: number;
}
export interface UnemployedRecord {
  registered: boolean;
  since?: string;
}

export interface SourceRecords {
  identity: IdentityRecord;
  'real-estate': RealEstateRecord;
  address: AddressRecord;
  'social-payments': IncomeRecord;
  'business-income': IncomeRecord;
  alimony: IncomeRecord;
  unemployed: UnemployedRecord;
}

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const income = z.object({ periodTotal: z.number().finite().min(0) });
/** Each register's answer, checked before it reaches the decision. */
export const RECORD_SCHEMAS: { [S in StateSource]: z.ZodType<SourceRecords[S]> } = {
  identity: z.object({ fullName: z.string().min(1), documentValidUntil: date.optional() }),
  'real-estate': z.object({
    dwellings: z.array(z.object({ district: z.string().optional(), line: z.string().min(1) })),
  }),
  address: z.object({ district: z.string().min(1), line: z.string(), permanent: z.boolean() }),
  'social-payments': income,
  'business-income': income,
  alimony: income,
  unemployed: z.object({ registered: z.boolean(), since: date.optional() }),
};

/** A register's answer: its record, or that it holds none for the person. */
export type Answer<S extends StateSource = StateSource> = { found: true; record: SourceRecords[S] } | { found: false };

/** The people asked about: the applicant, and each family member with an IIN (by index). */
export type Person = 'applicant' | `member ${number}`;

export type StateAnswers = Array<{ person: Person; source: StateSource; answer: Answer }>;

/** Who is asked which source: the family's incomes and dwellings, the applicant's identity, address and status. */
export function questions(dossier: Dossier): Array<{ person: Person; iin: string; source: StateSource }> {
  const people: Array<{ person: Person; iin: string }> = [
    { person: 'applicant', iin: dossier.applicant.iin },
    ...dossier.familyMembers.flatMap((m, i) => (m.iin ? [{ person: `member ${i + 1}` as Person, iin: m.iin }] : [])),
  ];
  return STATE_SOURCE_IDS.flatMap((source) =>
    (STATE_SOURCES[source].perPerson ? people : people.slice(0, 1)).map((p) => ({ ...p, source })),
  );
}

/** The declared income kinds each income register verifies. */
const INCOME_REGISTERS: Array<{ source: 'social-payments' | 'business-income' | 'alimony'; declared: IncomeSource[] }> =
  [
    { source: 'social-payments', declared: ['pension', 'social-payment'] },
    { source: 'business-income', declared: ['salary', 'business', 'other'] },
    { source: 'alimony', declared: ['alimony'] },
  ];

export interface Difference {
  field: string;
  source: StateSource;
  declared: string | number | boolean;
  verified: string | number | boolean;
  /** Personal data (a name): the case sheet says it differs, without the values. */
  personal?: boolean;
}

export interface Verification {
  household: Dossier['household'];
  ownedDwellings: number;
  /** The family's income over the period, by register; what the calculation uses. */
  incomes: Array<{ source: 'social-payments' | 'business-income' | 'alimony'; amount: number }>;
  periodIncome: number;
  differences: Difference[];
  /** What the commission must see that is not a figure: no record where one is needed, an expired document, the unemployed status. */
  findings: string[];
}

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
  const all = <S extends StateSource>(source: S) =>
    answers.filter((a) => a.source === source).map((a) => a.answer as Answer<S>);
  const differences: Difference[] = [];
  const findings: string[] = [];
  const unasked = dossier.familyMembers.map((m, i) => (m.iin ? null : i + 1)).filter((i): i is number => i !== null);
  if (unasked.length)
    findings.push(
      `family member(s) ${unasked.join(', ')} have no IIN in the application: their incomes and dwellings are not verified`,
    );

  const identity = of('identity');
  if (!identity?.found) findings.push('the population register has no record of the applicant');
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
      findings.push(`the applicant's identity document expired on ${identity.record.documentValidUntil}`);
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
    findings.push(
      'the register of rights to real estate has no dwelling of the family, though the applicant declares owning it',
    );

  const address = of('address');
  const permanentlyRegistered = Boolean(
    address?.found && address.record.permanent && address.record.district === dossier.address.district,
  );
  if (!address?.found) findings.push('the address register has no registration of the applicant');
  else if (address.record.district !== dossier.address.district)
    findings.push(`the applicant is registered in another district (${address.record.district})`);
  else if (!address.record.permanent) findings.push("the applicant's registration at the address is temporary");
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
    findings.push(
      `the applicant is registered as unemployed${unemployed.record.since ? ` since ${unemployed.record.since}` : ''}`,
    );

  return {
    household: { ...dossier.household, onlyDwelling, permanentlyRegistered },
    ownedDwellings,
    incomes,
    periodIncome: sum(incomes.map((i) => i.amount)),
    differences,
    findings,
  };
}

/** The income period (order No. 117: the last quarter before applying): the `months` whole months before the month of `receivedAt`. */
export function incomePeriod(receivedAt: string, months: number): { from: string; to: string } {
  const received = new Date(receivedAt);
  const firstOfMonth = Date.UTC(received.getUTCFullYear(), received.getUTCMonth(), 1);
  const from = new Date(Date.UTC(received.getUTCFullYear(), received.getUTCMonth() - months, 1));
  const to = new Date(firstOfMonth - 86_400_000);
  return { from: from.toISOString().slice(0, 10), to: to.toISOString().slice(0, 10) };
}
