import { describe, expect, it } from '@jest/globals';
import { decide, type HousingRules } from '../../src/domain/eligibility.js';
import { TEST_RULES } from '../support/fixtures.js';

const rules: HousingRules = TEST_RULES;
const costs = { maintenance: 5000, utilities: 20000, communication: 1500, capitalRepair: 1000, rent: 0 };
const family = { members: 3, areaM2: 54, tenure: 'owner' as const, onlyDwelling: true, permanentlyRegistered: true };

describe('the commission’s rule (order No. 117 of 2023, Almaty decision No. 100 of 2024)', () => {
  it('assigns the costs within norms less the allowable share of income', () => {
    const d = decide(family, costs, 300_000, rules);
    expect(d).toMatchObject({ outcome: 'assigned', amount: 17_500 });
    expect(d.calculation).toEqual({
      normAreaM2: 54,
      areaFactor: 1,
      countedCosts: 27_500,
      monthlyIncome: 100_000,
      allowableShare: 10_000,
      maxIncomeShare: 0.1,
    });
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
    expect(decide({ ...family, tenure: 'state-rent' }, withRent, 300_000, rules).calculation?.countedCosts).toBe(
      37_500,
    );
  });

  it('refuses when the costs do not exceed the allowable share, at the boundary too', () => {
    expect(decide(family, costs, 825_000, rules)).toMatchObject({
      outcome: 'refused',
      ground: 'costs-within-allowable-share',
    });
    expect(decide(family, costs, 824_973, rules)).toMatchObject({ outcome: 'assigned', amount: 0.9 });
  });

  it('refuses a family with another dwelling, or not registered at the address', () => {
    expect(decide({ ...family, onlyDwelling: false }, costs, 0, rules)).toEqual({
      outcome: 'refused',
      ground: 'not-only-dwelling',
    });
    expect(decide({ ...family, permanentlyRegistered: false }, costs, 0, rules)).toEqual({
      outcome: 'refused',
      ground: 'not-permanently-registered',
    });
  });

  it('counts rent for a dwelling the akimat rents in the private fund as for state-fund housing', () => {
    const withRent = { ...costs, rent: 10_000 };
    expect(
      decide({ ...family, tenure: 'akimat-private-rent' }, withRent, 300_000, rules).calculation?.countedCosts,
    ).toBe(37_500);
  });

  it('refuses a tenant of the state fund who owns another dwelling', () => {
    expect(decide({ ...family, tenure: 'state-rent', onlyDwelling: false }, costs, 0, rules)).toEqual({
      outcome: 'refused',
      ground: 'not-only-dwelling',
    });
  });

  it('counts metered utilities within the per-person norms, and does not scale them by area', () => {
    // 3 people: water norm 15 m³; 30 m³ billed 6 000 → 3 000 counted; power 150 kWh under the 210 kWh norm → all 4 200.
    const metered = [
      { service: 'water' as const, amount: 6_000, consumed: 30 },
      { service: 'electricity' as const, amount: 4_200, consumed: 150 },
    ];
    const d = decide({ ...family, areaM2: 108 }, { ...costs, metered }, 300_000, rules);
    expect(d.calculation?.meteredCounted).toBe(7_200);
    // area-based (5000+20000+1000) × 54/108 = 13 000, + 7 200 metered + 1 500 communication
    expect(d.calculation?.countedCosts).toBe(21_700);
  });

  it('counts communication as billed when no cap is configured', () => {
    const { communicationCap: _cap, ...uncapped } = rules;
    expect(decide(family, { ...costs, communication: 5_000 }, 300_000, uncapped).calculation?.countedCosts).toBe(
      31_000,
    );
  });

  it('follows the configured share', () => {
    expect(decide(family, costs, 300_000, { ...rules, maxIncomeShare: 0.05 })).toMatchObject({ amount: 22_500 });
  });
});
