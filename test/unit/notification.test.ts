import { describe, expect, it } from '@jest/globals';
import { DISTRICTS, formatRegistrationNumber } from '../../src/domain/districts.js';
import { notificationText } from '../../src/domain/notification.js';
import { acceptanceMessage, refusalReceipt } from '../../src/domain/messages.js';
import { citationIn, commissionDecisionStep, refusalGround } from '../../src/domain/regulation.js';
import { loadRegulation } from '../../src/config.js';
import { decide } from '../../src/domain/eligibility.js';
import { TEST_RULES } from '../support/fixtures.js';

const regulation = loadRegulation();

const calculation = {
  normAreaM2: 54,
  areaFactor: 1,
  countedCosts: 27_500,
  monthlyIncome: 100_000,
  allowableShare: 10_000,
  maxIncomeShare: 0.1,
};
const input = {
  registrationNumber: 'BOS-2026-000042',
  applicantName: 'Айгерим Сапарова',
  districtName: DISTRICTS.bostandyk,
  decidedOn: '2026-11-25',
  citation: commissionDecisionStep(regulation)!.cite,
};

describe('the notification (step 5)', () => {
  it('states the amount and the calculation in Kazakh and Russian', () => {
    const text = notificationText({ ...input, decision: { outcome: 'assigned', amount: 17_500, calculation } });
    expect(text.ru).toContain('назначена жилищная помощь в размере 17500.00 тенге в месяц');
    expect(text.ru).toContain('расходы в пределах норм 27500.00 тенге');
    expect(text.ru).toContain('предельная доля 10% = 10000.00 тенге');
    expect(text.kk).toContain('айына 17500.00 теңге');
    for (const t of [text.kk, text.ru]) expect(t).toContain('BOS-2026-000042');
  });

  it('states the ground of a refusal', () => {
    const text = notificationText({
      ...input,
      decision: { outcome: 'refused', ground: 'not-only-dwelling' },
      ground: refusalGround(regulation, 'not-only-dwelling'),
    });
    expect(text.ru).toContain('отказано: жилище не является единственным');
    expect(text.kk).toContain('жалғыз тұрғын үйі емес');
    expect(() => notificationText({ ...input, decision: { outcome: 'refused', ground: 'not-listed' } })).toThrow(
      /not-listed/,
    );
  });

  it("cites the commission's minutes when a commission decided", () => {
    const text = notificationText({
      ...input,
      decision: { outcome: 'assigned', amount: 17_500, calculation },
      minutes: { number: '12/4', date: '2026-11-27' },
    });
    expect(text.ru).toContain('17500.00 тенге в месяц (протокол комиссии № 12/4 от 2026-11-27)');
    expect(text.kk).toContain('комиссия хаттамасы № 12/4, 2026-11-27');
  });

  it('cites the step that decided, as the regulation numbers it, in the words of each language', () => {
    const decision = { outcome: 'assigned' as const, amount: 17_500, calculation };
    const text = notificationText({ ...input, decision });
    expect(input.citation).toMatch(/^§6 step 4 \/ §9 4\) \/ §10 5\)/);
    expect(text.kk).toContain(`регламенті, ${citationIn('kk', input.citation)}.`);
    expect(text.ru).toContain(`«Назначение жилищной помощи», ${citationIn('ru', input.citation)}.`);
    const other = notificationText({ ...input, decision, citation: '§6 step 5 / §9 5) / §10 6)' });
    expect(other.ru).toContain('§6 действие 5 / §9 5) / §10 6)');
    expect(other.ru).not.toContain('§10 5)');
  });

  it('every ground the calculation refuses on has its words in bpmn/regulation.yaml', () => {
    const household = {
      members: 1,
      areaM2: 30,
      tenure: 'owner' as const,
      onlyDwelling: true,
      permanentlyRegistered: true,
    };
    const costs = { maintenance: 100, utilities: 100, communication: 0, capitalRepair: 0, rent: 0 };
    const rules = TEST_RULES;
    const grounds = [
      decide({ ...household, onlyDwelling: false }, costs, 300_000, rules),
      decide({ ...household, permanentlyRegistered: false }, costs, 300_000, rules),
      decide(household, costs, 3_000_000, rules),
    ].map((d) => (d.outcome === 'refused' ? d.ground : 'assigned'));
    expect(grounds).toEqual(['not-only-dwelling', 'not-permanently-registered', 'costs-within-allowable-share']);
    for (const g of grounds) expect(refusalGround(regulation, g)).toEqual(expect.objectContaining({ id: g }));
  });

  it('numbers registrations per district and year', () => {
    expect(formatRegistrationNumber('turksib', 2026, 7)).toBe('TUR-2026-000007');
  });
});

describe('what the applicant reads (§11, §13)', () => {
  it('gives the ready-by date and time in Almaty time, with the zone said', () => {
    const text = acceptanceMessage(new Date('2026-12-06T20:30:00.000Z'));
    expect(text.ru).toBe('Ваш запрос принят. Результат будет готов до 2026-12-07 01:30 (время Алматы, UTC+5).');
    expect(text.kk).toContain('2026-12-07 01:30 дейін дайын болады (Алматы уақыты, UTC+5)');
  });

  it('cites §11 in both languages of the refusal receipt', () => {
    const text = refusalReceipt(
      { complete: false, missing: ['utility-bills'], expired: [], unknown: [] },
      'R-ALM-2026-000001',
      '2026-11-26',
    );
    expect(text.kk).toContain('Регламенттің 11-тармағына сәйкес');
    expect(text.ru).toContain('согласно пункту 11 регламента');
  });
});
