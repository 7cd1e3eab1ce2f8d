import { describe, expect, it } from '@jest/globals';
import { decide, type HousingRules } from '../../src/domain/eligibility.js';

const rules: HousingRules = { maxIncomeShare: 0.1, incomePeriodMonths: 3, normAreaPerPerson: 18, normAreaSingle: 30, communicationCap: 2000 };
const costs = { maintenance: 5000, utilities: 20000, communication: 1500, capitalRepair: 1000, rent: 0 };
const family = { members: 3, areaM2: 54, tenure: 'owner' as const, onlyDwelling: true, permanentlyRegistered: true };

describe('the commission’s rule (decree No. 2314)', () => {
  it('assigns the costs within norms less the allowable share of income', () => {
    const d = decide(family, costs, 300_000, rules);
    expect(d).toMatchObject({ outcome: 'assigned', amount: 17_500 });
    expect(d.calculation).toEqual({ normAreaM2: 54, areaFactor: 1, countedCosts: 27_500, monthlyIncome: 100_000, allowableShare: 10_000, maxIncomeShare: 0.1 });
  });

  it('counts area-based costs only up to the norm, and communication up to its cap', () => {
    const d = decide({ ...family, areaM2: 108 }, { ...costs, communication: 5000 }, 300_000, rules);
    // (5000+20000+1000) * 54/108 + 2000 = 15 000
    expect(d.calculation?.countedCosts).toBe(15_000);
    expect(d).toMatchObject({ outcome: 'assigned', amount: 5_000 });
  });

  it('uses 30 m² for a person living alone', () => {
    expect(decide({ ...family, members: 1, areaM2: 60 }, costs, 0, rules).calculation?.normAreaM2).toBe(30);
  });

  it('counts rent only for state-fund housing', () => {
    const withRent = { ...costs, rent: 10_000 };
    expect(decide(family, withRent, 300_000, rules).calculation?.countedCosts).toBe(27_500);
    expect(decide({ ...family, tenure: 'state-rent' }, withRent, 300_000, rules).calculation?.countedCosts).toBe(37_500);
  });

  it('refuses when the costs do not exceed the allowable share, at the boundary too', () => {
    expect(decide(family, costs, 825_000, rules)).toMatchObject({ outcome: 'refused', ground: 'costs-within-allowable-share' });
    expect(decide(family, costs, 824_973, rules)).toMatchObject({ outcome: 'assigned', amount: 0.9 });
  });

  it('refuses a family with another dwelling, or not registered at the address', () => {
    expect(decide({ ...family, onlyDwelling: false }, costs, 0, rules)).toEqual({ outcome: 'refused', ground: 'not-only-dwelling' });
    expect(decide({ ...family, permanentlyRegistered: false }, costs, 0, rules)).toEqual({ outcome: 'refused', ground: 'not-permanently-registered' });
  });

  it('follows the configured share', () => {
    expect(decide(family, costs, 300_000, { ...rules, maxIncomeShare: 0.05 })).toMatchObject({ amount: 22_500 });
  });
});
