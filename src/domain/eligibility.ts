import type { Tenure } from './documents.js';

/** The figures the commission applies; loaded from config/housing-assistance-rules.yaml. */
export interface HousingRules {
  maxIncomeShare: number;
  incomePeriodMonths: number;
  normAreaPerPerson: number;
  normAreaSingle: number;
  communicationCap: number;
}

export interface Household {
  members: number;
  areaM2: number;
  tenure: Tenure;
  onlyDwelling: boolean;
  permanentlyRegistered: boolean;
}

/** Monthly expenses in tenge. */
export interface HousingCosts {
  maintenance: number;
  utilities: number;
  communication: number;
  capitalRepair: number;
  rent: number;
}

/** The grounds the calculation itself refuses on; a commission may refuse on any ground of bpmn/regulation.yaml. */
export type RefusalGround = 'not-only-dwelling' | 'not-permanently-registered' | 'costs-within-allowable-share';

export interface Calculation {
  normAreaM2: number;
  areaFactor: number;
  countedCosts: number;
  monthlyIncome: number;
  allowableShare: number;
  maxIncomeShare: number;
}

export type Decision =
  | { outcome: 'assigned'; amount: number; calculation?: Calculation }
  | { outcome: 'refused'; ground: string; calculation?: Calculation };

const roundTenge = (x: number) => Math.round(x * 100) / 100;

/**
 * Government decree No. 2314 (30.12.2009), Rules for providing housing assistance: the amount is the
 * family's housing expenses counted within the norms minus the maximum allowable share of its
 * aggregate income; assistance goes only to the family's only dwelling (or state-fund rent) at the
 * permanent registration address, and only when the difference is positive.
 */
export function decide(household: Household, costs: HousingCosts, periodIncome: number, rules: HousingRules): Decision {
  if (household.tenure === 'owner' && !household.onlyDwelling) return { outcome: 'refused', ground: 'not-only-dwelling' };
  if (!household.permanentlyRegistered) return { outcome: 'refused', ground: 'not-permanently-registered' };

  const normAreaM2 = household.members === 1 ? rules.normAreaSingle : rules.normAreaPerPerson * household.members;
  const areaFactor = household.areaM2 > normAreaM2 ? normAreaM2 / household.areaM2 : 1;
  const areaBased = costs.maintenance + costs.utilities + costs.capitalRepair + (household.tenure === 'state-rent' ? costs.rent : 0);
  const countedCosts = roundTenge(areaBased * areaFactor + Math.min(costs.communication, rules.communicationCap));
  const monthlyIncome = roundTenge(periodIncome / rules.incomePeriodMonths);
  const allowableShare = roundTenge(monthlyIncome * rules.maxIncomeShare);
  const calculation: Calculation = {
    normAreaM2,
    areaFactor: Math.round(areaFactor * 10000) / 10000,
    countedCosts,
    monthlyIncome,
    allowableShare,
    maxIncomeShare: rules.maxIncomeShare,
  };
  const amount = roundTenge(countedCosts - allowableShare);
  if (amount <= 0) return { outcome: 'refused', ground: 'costs-within-allowable-share', calculation };
  return { outcome: 'assigned', amount, calculation };
}
