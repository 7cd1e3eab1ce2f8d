import { describe, expect, it } from '@jest/globals';
import { DISTRICTS, formatRegistrationNumber } from '../../src/domain/districts.js';
import { notificationText } from '../../src/domain/notification.js';

const calculation = { normAreaM2: 54, areaFactor: 1, countedCosts: 27_500, monthlyIncome: 100_000, allowableShare: 10_000, maxIncomeShare: 0.1 };
const input = { registrationNumber: 'BOS-2026-000042', applicantName: 'Айгерим Сапарова', districtName: DISTRICTS.bostandyk, decidedOn: '2026-11-25' };

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
    const text = notificationText({ ...input, decision: { outcome: 'refused', ground: 'not-only-dwelling' } });
    expect(text.ru).toContain('отказано: жилище не является единственным');
    expect(text.kk).toContain('жалғыз тұрғын үйі емес');
  });

  it('numbers registrations per district and year', () => {
    expect(formatRegistrationNumber('turksib', 2026, 7)).toBe('TUR-2026-000007');
  });
});
