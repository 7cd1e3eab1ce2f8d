import { describe, expect, it } from '@jest/globals';
import { caseSheet, caseSheetText } from '../../src/domain/commission.js';
import { loadRegulation } from '../../src/config.js';
import { decide } from '../../src/domain/eligibility.js';
import {
  civilQuestion,
  confirmFamily,
  countedFamily,
  incomePeriod,
  questions,
  registeredDistrict,
  relationOf,
  verify,
  withinFamily,
  type Answer,
  type StateAnswers,
} from '../../src/domain/state-data.js';
import { checkStepResult, StepResultError } from '../../src/domain/step-results.js';
import { bilingual, STATE_FINDINGS, unconfirmedMember } from '../../src/domain/messages.js';
import { reroutedNote } from '../../src/domain/districts.js';
import { dossier, makeIin } from '../support/fixtures.js';
import { TEST_RULES } from '../support/fixtures.js';

const TODAY = '2026-11-26';
const SPOUSE = makeIin(9100);
const applicant = dossier({
  familyMembers: [
    { fullName: 'Ержан Сапаров', relation: 'spouse', iin: SPOUSE },
    { fullName: 'Алия Сапарова', relation: 'child' },
  ],
});
const married: Answer<'civil-registry'> = {
  found: true,
  record: { marriages: [{ spouseIin: SPOUSE, dissolved: false }], parents: [], children: [] },
};

/** What the registers say when they agree with the declaration (the spouse confirmed, the child without an IIN). */
function agreeing(overrides: Partial<Record<string, unknown>> = {}): StateAnswers {
  const a = applicant;
  return [
    { person: 'applicant', source: 'civil-registry', answer: married },
    {
      person: 'applicant',
      source: 'identity',
      answer: { found: true, record: { fullName: a.applicant.fullName, documentValidUntil: '2030-01-01' } },
    },
    {
      person: 'applicant',
      source: 'real-estate',
      answer: { found: true, record: { dwellings: [{ line: a.address.line }] } },
    },
    { person: 'member 1', source: 'real-estate', answer: { found: false } },
    {
      person: 'applicant',
      source: 'address',
      answer: { found: true, record: { district: a.address.district, line: a.address.line, permanent: true } },
    },
    { person: 'applicant', source: 'business-income', answer: { found: true, record: { periodTotal: 300_000 } } },
    { person: 'member 1', source: 'business-income', answer: { found: false } },
    { person: 'applicant', source: 'social-payments', answer: { found: false } },
    { person: 'applicant', source: 'alimony', answer: { found: false } },
    { person: 'applicant', source: 'unemployed', answer: { found: true, record: { registered: false } } },
    ...((overrides.extra as StateAnswers) ?? []),
  ];
}

const NO_IIN_CHILD = bilingual(unconfirmedMember(2, 'child', 'no-iin'));

describe('§11: the data from the state registers', () => {
  it('asks the civil registry about the applicant first, then the incomes and dwellings of confirmed members only', () => {
    expect(civilQuestion(applicant)).toEqual({
      person: 'applicant',
      iin: applicant.applicant.iin,
      source: 'civil-registry',
    });
    const asked = questions(applicant, confirmFamily(applicant, married));
    expect(
      asked
        .filter((q) => q.person === 'member 1')
        .map((q) => q.source)
        .sort(),
    ).toEqual(['alimony', 'business-income', 'real-estate', 'social-payments']);
    expect(asked.filter((q) => q.person === 'member 1').every((q) => q.iin === SPOUSE)).toBe(true);
    expect(asked.filter((q) => q.person === 'applicant')).toHaveLength(7);
    expect(asked).toHaveLength(11);
    // Not married to the applicant: nothing about them is asked of any register.
    const stranger = questions(applicant, confirmFamily(applicant, { found: false }));
    expect(stranger.map((q) => q.person)).toEqual(Array(7).fill('applicant'));
    expect(stranger.some((q) => q.iin === SPOUSE)).toBe(false);
  });

  it('confirms a spouse by a marriage in force, a child by a birth record naming the applicant, a parent by the applicant’s own', () => {
    const [mother, son, wife, divorced, brother] = [1, 2, 3, 4, 5].map((i) => makeIin(9300 + i * 50));
    const family = dossier({
      familyMembers: [
        { fullName: 'А', relation: 'мать', iin: mother },
        { fullName: 'Б', relation: ' Son ', iin: son },
        { fullName: 'В', relation: 'жена', iin: wife },
        { fullName: 'Г', relation: 'spouse', iin: divorced },
        { fullName: 'Д', relation: 'brother', iin: brother },
        { fullName: 'Е', relation: 'child' },
      ],
    });
    const civil: Answer<'civil-registry'> = {
      found: true,
      record: {
        marriages: [
          { spouseIin: wife, dissolved: false },
          { spouseIin: divorced, dissolved: true },
        ],
        parents: [mother],
        // A birth record names the brother's parents, not the applicant: it proves nothing of him here.
        children: [son],
      },
    };
    expect(confirmFamily(family, civil)).toEqual([
      { member: 1, relation: 'parent', confirmed: true },
      { member: 2, relation: 'child', confirmed: true },
      { member: 3, relation: 'spouse', confirmed: true },
      { member: 4, relation: 'spouse', confirmed: false, reason: 'no-record' },
      { member: 5, relation: null, confirmed: false, reason: 'relation-not-provable' },
      { member: 6, relation: 'child', confirmed: false, reason: 'no-iin' },
    ]);
    // A child declared as a spouse is not confirmed by the child's birth record.
    expect(
      confirmFamily(dossier({ familyMembers: [{ fullName: 'Б', relation: 'spouse', iin: son }] }), civil)[0],
    ).toMatchObject({ confirmed: false, reason: 'no-record' });
    expect([relationOf('Дочь'), relationOf('әкесі'), relationOf('cousin')]).toEqual(['child', 'parent', null]);
  });

  it('keeps of the civil registry’s answer only the declared members: other relatives are not stored', () => {
    const ex = makeIin(9700);
    const elder = makeIin(9750);
    const cut = withinFamily(applicant, {
      found: true,
      record: {
        marriages: [
          { spouseIin: ex, dissolved: true },
          { spouseIin: SPOUSE, dissolved: false },
        ],
        parents: [makeIin(9800)],
        children: [elder],
      },
    });
    expect(cut).toEqual(married);
    expect(withinFamily(applicant, { found: false })).toEqual({ found: false });
  });

  it('changes nothing when the registers agree, and counts only the confirmed family (the child without an IIN is a finding)', () => {
    const v = verify(applicant, agreeing(), TODAY);
    expect(v.differences).toEqual([{ field: 'family.members', source: 'civil-registry', declared: 3, verified: 2 }]);
    expect(v.findings).toEqual([NO_IIN_CHILD]);
    expect(v.family).toEqual({ counted: 2, unconfirmed: [2] });
    expect(countedFamily(applicant, v)).toBe(2);
    expect(v.periodIncome).toBe(300_000);
    expect(v.household).toEqual(applicant.household);
  });

  it('an unconfirmed member counts for nothing, even if an answer about them was stored', () => {
    const answers = agreeing({
      extra: [
        { person: 'member 1', source: 'social-payments', answer: { found: true, record: { periodTotal: 900_000 } } },
        {
          person: 'member 1',
          source: 'real-estate',
          answer: { found: true, record: { dwellings: [{ line: 'мкр. Другой, 2' }] } },
        },
      ],
    }).map((a) => (a.source === 'civil-registry' ? { ...a, answer: { found: false as const } } : a));
    const v = verify(applicant, answers, TODAY);
    expect(v.periodIncome).toBe(300_000);
    expect(v.household.onlyDwelling).toBe(true);
    expect(v.family).toEqual({ counted: 1, unconfirmed: [1, 2] });
    expect(v.findings).toEqual([bilingual(unconfirmedMember(1, 'spouse', 'no-record-spouse')), NO_IIN_CHILD]);
  });

  it('replaces a declared income with the registers’ and lists the difference', () => {
    const answers = agreeing({
      extra: [
        { person: 'member 1', source: 'social-payments', answer: { found: true, record: { periodTotal: 120_000 } } },
      ],
    });
    const v = verify({ ...applicant, incomes: [{ source: 'salary', amount: 0 }] }, answers, TODAY);
    expect(v.periodIncome).toBe(420_000);
    expect(v.differences).toEqual([
      { field: 'family.members', source: 'civil-registry', declared: 3, verified: 2 },
      { field: 'incomes.social-payments', source: 'social-payments', declared: 0, verified: 120_000 },
      { field: 'incomes.business-income', source: 'business-income', declared: 0, verified: 300_000 },
    ]);
  });

  it('finds a second dwelling of the family, and a dwelling a state-fund tenant owns', () => {
    const second: StateAnswers = [
      {
        person: 'member 1',
        source: 'real-estate',
        answer: { found: true, record: { dwellings: [{ line: 'мкр. 5, д. 10, кв. 7' }] } },
      },
    ];
    const answers = agreeing()
      .filter((a) => !(a.person === 'member 1' && a.source === 'real-estate'))
      .concat(second);
    expect(verify(applicant, answers, TODAY).household.onlyDwelling).toBe(false);
    expect(verify(applicant, answers, TODAY).differences).toContainEqual({
      field: 'household.onlyDwelling',
      source: 'real-estate',
      declared: true,
      verified: false,
    });
    const tenant = { ...applicant, household: { ...applicant.household, tenure: 'state-rent' as const } };
    expect(verify(tenant, agreeing(), TODAY).household.onlyDwelling).toBe(false);
  });

  it('makes "no registration" a finding for the commission, not an error', () => {
    const answers = agreeing().map((a) => (a.source === 'address' ? { ...a, answer: { found: false as const } } : a));
    const v = verify(applicant, answers, TODAY);
    expect(v.household.permanentlyRegistered).toBe(false);
    expect(v.findings).toContain(bilingual(STATE_FINDINGS.noRegistration));
  });

  it('§1: a permanent registration in another district of the city names the district that handles the case', () => {
    const registeredIn = (record: { district: string; permanent: boolean }) =>
      agreeing().map((a) =>
        a.source === 'address'
          ? { ...a, answer: { found: true as const, record: { ...record, line: 'пр. Абая, 1' } } }
          : a,
      );
    const elsewhere = registeredIn({ district: 'almaly', permanent: true });
    expect(registeredDistrict(elsewhere)).toBe('almaly');
    const v = verify(applicant, elsewhere, TODAY);
    expect(v.household.permanentlyRegistered).toBe(true);
    expect(v.differences).toContainEqual({
      field: 'address.district',
      source: 'address',
      declared: 'bostandyk',
      verified: 'almaly',
    });
    expect(v.findings).toContain(reroutedNote('bostandyk', 'almaly'));
    expect(reroutedNote('bostandyk', 'almaly')).toMatch(
      /Бостандық ауданы.*Алмалы ауданы.*Бостандыкский район.*Алмалинский район/,
    );
    // Registered where declared: no re-routing, nothing to report.
    expect(registeredDistrict(agreeing())).toBe('bostandyk');
    expect(verify(applicant, agreeing(), TODAY).differences.map((d) => d.field)).not.toContain('address.district');
    // A temporary registration, one outside the city's districts, or none does not route.
    const temporary = registeredIn({ district: 'almaly', permanent: false });
    expect(registeredDistrict(temporary)).toBeUndefined();
    expect(verify(applicant, temporary, TODAY).household.permanentlyRegistered).toBe(false);
    expect(registeredDistrict(registeredIn({ district: 'astana', permanent: true }))).toBeUndefined();
    expect(verify(applicant, registeredIn({ district: 'astana', permanent: true }), TODAY).findings).toContain(
      bilingual(STATE_FINDINGS.outsideCity('astana')),
    );
  });

  it('marks a differing name as personal, and finds an expired identity document and the unemployed status', () => {
    const answers = agreeing().map((a) => {
      if (a.source === 'identity')
        return {
          ...a,
          answer: { found: true as const, record: { fullName: 'Другое Имя', documentValidUntil: '2025-01-01' } },
        };
      if (a.source === 'unemployed')
        return { ...a, answer: { found: true as const, record: { registered: true, since: '2026-03-01' } } };
      return a;
    });
    const v = verify(applicant, answers, TODAY);
    expect(v.differences).toContainEqual(expect.objectContaining({ field: 'applicant.fullName', personal: true }));
    expect(v.findings).toEqual(
      expect.arrayContaining([
        bilingual(STATE_FINDINGS.identityExpired('2025-01-01')),
        bilingual(STATE_FINDINGS.unemployed('2026-03-01')),
      ]),
    );
  });
});

describe("the commission's case sheet with the civil registry's findings", () => {
  const rules = TEST_RULES;
  it('counts the confirmed family and lists the unconfirmed member, without a name or an IIN', () => {
    const v = verify(applicant, agreeing(), TODAY);
    const members = countedFamily(applicant, v);
    const sheet = caseSheet(
      applicant,
      { registrationNumber: 'BOS-2026-000009', district: 'bostandyk' },
      decide({ ...v.household, members }, applicant.housingCosts, v.periodIncome, rules),
      3,
      '2026-11-26T06:00:00.000Z',
      v,
    );
    expect(sheet.household.members).toBe(2);
    expect(sheet.recommendation.calculation?.normAreaM2).toBe(36);
    const text = caseSheetText(sheet, loadRegulation());
    expect(text).toContain('- Отбасы / семья: 2;');
    expect(text).toContain(
      '**family.members** (civil-registry): мәлімделді / заявлено 3 → тізілім бойынша / по данным ГБД 2',
    );
    expect(text).toContain(`- ⚠ ${NO_IIN_CHILD}`);
    for (const personal of [SPOUSE, 'Ержан', 'Алия']) expect(text).not.toContain(personal);
  });

  it('a result stored before the civil registry was asked still reads, and counts the family as declared', () => {
    const { family: _family, ...older } = verify(applicant, agreeing(), TODAY);
    const stored = checkStepResult('stateData', {
      askedAt: '2026-11-20T06:00:00.000Z',
      period: { from: '2026-08-01', to: '2026-10-31' },
      answers: agreeing().filter((a) => a.source !== 'civil-registry'),
      verification: older,
    });
    expect(stored.verification.family).toBeUndefined();
    expect(countedFamily(applicant, stored.verification)).toBe(3);
  });

  it('a civil registry answer of another shape is refused, naming the field', () => {
    const bad = {
      askedAt: '2026-11-20T06:00:00.000Z',
      period: { from: '2026-08-01', to: '2026-10-31' },
      answers: [{ person: 'applicant', source: 'civil-registry', answer: { found: true, record: { spouses: [] } } }],
      verification: verify(applicant, agreeing(), TODAY),
    };
    expect(() => checkStepResult('stateData', bad)).toThrow(StepResultError);
    expect(() => checkStepResult('stateData', bad)).toThrow(
      /the result of step 'stateData' does not match its schema: answers\.0/,
    );
  });
});

describe('the income period asked of the registers', () => {
  it('is the whole months before the month of applying', () => {
    expect(incomePeriod('2026-11-26T10:00:00Z', 3)).toEqual({ from: '2026-08-01', to: '2026-10-31' });
    expect(incomePeriod('2026-02-01T00:00:00Z', 3)).toEqual({ from: '2025-11-01', to: '2026-01-31' });
  });
});
