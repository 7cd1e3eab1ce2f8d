import { describe, expect, it } from '@jest/globals';
import { incomePeriod, questions, verify, type StateAnswers } from '../../src/domain/state-data.js';
import { dossier, makeIin } from '../support/fixtures.js';

const TODAY = '2026-11-26';
const applicant = dossier({
  familyMembers: [
    { fullName: 'Ержан Сапаров', relation: 'spouse', iin: makeIin(9100) },
    { fullName: 'Алия Сапарова', relation: 'child' },
  ],
});

/** What the registers say when they agree with the declaration. */
function agreeing(overrides: Partial<Record<string, unknown>> = {}): StateAnswers {
  const a = applicant;
  return [
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

describe('§11: the data from the state registers', () => {
  it('asks the family’s incomes and dwellings of each member with an IIN, identity, address and status of the applicant', () => {
    const asked = questions(applicant);
    expect(
      asked
        .filter((q) => q.person === 'member 1')
        .map((q) => q.source)
        .sort(),
    ).toEqual(['alimony', 'business-income', 'real-estate', 'social-payments']);
    expect(asked.filter((q) => q.person === 'applicant')).toHaveLength(7);
    expect(asked).toHaveLength(11);
  });

  it('changes nothing and lists nothing when the registers agree (but says who could not be checked)', () => {
    const v = verify(applicant, agreeing(), TODAY);
    expect(v.differences).toEqual([]);
    expect(v.findings).toEqual([
      'family member(s) 2 have no IIN in the application: their incomes and dwellings are not verified',
    ]);
    expect(v.periodIncome).toBe(300_000);
    expect(v.household).toEqual(applicant.household);
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
    expect(v.findings).toContain('the address register has no registration of the applicant');
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
        "the applicant's identity document expired on 2025-01-01",
        'the applicant is registered as unemployed since 2026-03-01',
      ]),
    );
  });
});

describe('the income period asked of the registers', () => {
  it('is the whole months before the month of applying', () => {
    expect(incomePeriod('2026-11-26T10:00:00Z', 3)).toEqual({ from: '2026-08-01', to: '2026-10-31' });
    expect(incomePeriod('2026-02-01T00:00:00Z', 3)).toEqual({ from: '2025-11-01', to: '2026-01-31' });
  });
});
