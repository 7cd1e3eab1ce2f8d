import { describe, expect, it } from '@jest/globals';
import { loadRegulation } from '../../src/config.js';
import {
  calculatedAmount,
  caseSheet,
  caseSheetText,
  checkCommissionDecision,
  notByMember,
  type CommissionEntry,
} from '../../src/domain/commission.js';
import { decide } from '../../src/domain/eligibility.js';
import { bilingual, COMMISSION_PROBLEMS, STATE_FINDINGS } from '../../src/domain/messages.js';
import { dossier } from '../support/fixtures.js';
import { TEST_RULES } from '../support/fixtures.js';
import { KAZAKH } from '../support/languages.js';

const regulation = loadRegulation();
const grounds = regulation.refusalGrounds.map((g) => g.id);
const rules = TEST_RULES;
const family = dossier();
const sheet = caseSheet(
  family,
  { registrationNumber: 'BOS-2026-000007', district: 'bostandyk' },
  decide({ ...family.household, members: 3 }, family.housingCosts, 300_000, rules),
  3,
  '2026-11-26T06:00:00.000Z',
);
const today = '2026-11-26';
const valid: CommissionEntry = { outcome: 'assigned', amount: 17_500, minutesNumber: '12/2026', minutesDate: today };
const problems = (entry: CommissionEntry) => {
  const check = checkCommissionDecision(entry, sheet, grounds, today);
  return check.valid ? [] : check.problems;
};

describe("the commission's case sheet (step 4)", () => {
  it('shows the state data (§11): each difference, a differing name without its values, and the findings', () => {
    const verification = {
      household: family.household,
      ownedDwellings: 1,
      incomes: [{ source: 'business-income' as const, amount: 360_000 }],
      periodIncome: 360_000,
      differences: [
        { field: 'incomes.business-income', source: 'business-income' as const, declared: 300_000, verified: 360_000 },
        {
          field: 'applicant.fullName',
          source: 'identity' as const,
          declared: family.applicant.fullName,
          verified: 'Другое Имя',
          personal: true,
        },
      ],
      findings: [bilingual(STATE_FINDINGS.unemployed('2026-03-01'))],
    };
    const verified = caseSheet(
      family,
      { registrationNumber: 'BOS-2026-000008', district: 'bostandyk' },
      decide({ ...family.household, members: 3 }, family.housingCosts, 360_000, rules),
      3,
      '2026-11-26T06:00:00.000Z',
      verification,
    );
    const text = caseSheetText(verified, regulation);
    expect(text).toContain(
      '**incomes.business-income** (business-income): мәлімделді / заявлено 300000 → тізілім бойынша / по данным ГБД 360000',
    );
    expect(text).toContain('**applicant.fullName** (identity): сәйкес емес / не совпадает');
    expect(text).toContain(`⚠ ${bilingual(STATE_FINDINGS.unemployed('2026-03-01'))}`);
    expect(text).not.toContain('Другое Имя');
    expect(verified.periodIncome).toBe(360_000);
    expect(caseSheetText(sheet, regulation)).toContain('сведения из государственных реестров не запрашивались');
  });

  it('carries the calculation, the recommendation and the documents, and no name or IIN', () => {
    expect(calculatedAmount(sheet)).toBe(17_500);
    expect(sheet.documents).toContain('identity-document');
    const text = caseSheetText(sheet, regulation);
    expect(text).toContain('BOS-2026-000007');
    expect(text).toContain('айына 17500.00 ₸ тағайындау / назначить 17500.00 ₸ в месяц');
    // A member reads every line of the sheet in Kazakh and in Russian.
    for (const line of text.split('\n').filter((l) => /[a-zа-яё]/i.test(l.replace(/\*\*[^*]+\*\*|\([a-z-]+\)/g, ''))))
      expect({ line, kk: KAZAKH.test(line), ru: /[а-яё]/i.test(line.replace(KAZAKH, '')) }).toEqual({
        line,
        kk: true,
        ru: true,
      });
    for (const personal of [family.applicant.iin, family.applicant.fullName, family.familyMembers[0].fullName]) {
      expect(JSON.stringify(sheet)).not.toContain(personal);
      expect(text).not.toContain(personal);
    }
  });
});

describe("the check of the commission's decision", () => {
  it('takes a complete decision, with the minutes', () => {
    expect(checkCommissionDecision(valid, sheet, grounds, today)).toEqual({
      valid: true,
      decision: { outcome: 'assigned', amount: 17_500, calculation: sheet.recommendation.calculation },
      minutes: { number: '12/2026', date: today },
    });
    expect(
      checkCommissionDecision({ ...valid, outcome: 'refused', ground: 'false-information' }, sheet, grounds, today),
    ).toMatchObject({
      valid: true,
      decision: { outcome: 'refused', ground: 'false-information' },
    });
  });

  it.each([
    ['no decision', { ...valid, outcome: undefined }, 'назначить или отказать'],
    ['a refusal without a ground', { ...valid, outcome: 'refused' }, 'основание отказа'],
    [
      'a refusal on a ground the regulation does not list',
      { ...valid, outcome: 'refused', ground: 'we do not like it' },
      'основание отказа',
    ],
    ['no minutes number', { ...valid, minutesNumber: '  ' }, 'номер протокола'],
    ['no minutes date', { ...valid, minutesDate: undefined }, 'дату протокола'],
    ['minutes dated in the future', { ...valid, minutesDate: '2026-11-27' }, 'ещё не наступила'],
    ['an amount of zero', { ...valid, amount: 0 }, 'больше нуля'],
    ['an amount that is not a number', { ...valid, amount: 'a lot' }, 'больше нуля'],
    ['more than calculated without a reason', { ...valid, amount: 18_000 }, 'обоснуйте письменно'],
    [
      'more than calculated with a reason too short to say anything',
      { ...valid, amount: 18_000, amountReason: 'ok' },
      'обоснуйте письменно',
    ],
  ] as Array<[string, CommissionEntry, string]>)('sends back %s', (_name, entry, message) => {
    const found = problems(entry).find((p) => p.ru.includes(message));
    expect(found).toEqual({ kk: expect.stringMatching(KAZAKH), ru: expect.stringContaining(message) });
  });

  it('takes more than calculated with a written reason, and keeps the reason', () => {
    const check = checkCommissionDecision(
      { ...valid, amount: '18000.50', amountReason: 'a disabled member: heating above the norm' },
      sheet,
      grounds,
      today,
    );
    expect(check).toMatchObject({
      valid: true,
      decision: { amount: 18_000.5 },
      amountReason: 'a disabled member: heating above the norm',
    });
  });

  it("reads a minutes date the engine stored as a Date in Almaty's calendar: 23:30 UTC on 31 December is 1 January", () => {
    const entry = { ...valid, minutesDate: '2026-12-31T23:30:00.000+0000' };
    expect(checkCommissionDecision(entry, sheet, grounds, '2027-01-01')).toMatchObject({
      valid: true,
      minutes: { date: '2027-01-01' },
    });
    expect(checkCommissionDecision(entry, sheet, grounds, '2026-12-31')).toMatchObject({
      valid: false,
      problems: [{ kk: expect.stringContaining('2027-01-01'), ru: expect.stringContaining('2027-01-01') }],
    });
  });

  it('refuses a minutes date that is no day of the calendar', () => {
    for (const minutesDate of ['2026-02-30', '30.11.2026', 'yesterday'])
      expect(checkCommissionDecision({ ...valid, minutesDate }, sheet, grounds, '2026-12-01')).toMatchObject({
        valid: false,
        problems: [COMMISSION_PROBLEMS.minutesDateMissing],
      });
  });
});

describe('who may decide (§8, §6 step 4 / §10 5))', () => {
  const members = ['BOS-C01', 'BOS-C02', 'BOS-C03'];
  it("takes a member of the district's commission, and names anyone else", () => {
    expect(notByMember('BOS-C02', members)).toBeNull();
    expect(notByMember('ALM-C01', members)).toEqual({
      kk: expect.stringContaining('(ALM-C01)'),
      ru: expect.stringContaining('(ALM-C01)'),
    });
    expect(notByMember('worker', members)).toEqual({
      kk: expect.stringContaining('мүшесі емес'),
      ru: expect.stringContaining('не членом комиссии района'),
    });
    expect(notByMember(null, members)?.ru).toContain('никто не вошёл');
  });
});
