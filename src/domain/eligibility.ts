import { z } from 'zod';
import { TENURES, type Tenure } from './documents.js';

export const METERED_SERVICES = ['water', 'electricity', 'gas'] as const;
export type MeteredService = (typeof METERED_SERVICES)[number];

/** The figures the commission applies; loaded from config/housing-assistance-rules.yaml. */
export const housingRulesSchema = z
  .object({
    maxIncomeShare: z.number().gt(0).lt(1),
    incomePeriodMonths: z.number().int().positive(),
    normAreaPerPerson: z.number().positive(),
    normAreaSingle: z.number().positive(),
    /** Monthly consumption counted per family member, by metered service (m³ or kWh). */
    meteredNormsPerPerson: z
      .object({ water: z.number().positive(), electricity: z.number().positive(), gas: z.number().positive() })
      .strict(),
    /** Monthly cap on communication services counted, tenge; absent when no sourced figure is set. */
    communicationCap: z.number().min(0).optional(),
  })
  .strict();
export type HousingRules = z.infer<typeof housingRulesSchema>;

/** The dwelling as the dossier declares it (and the registers verify it, §11). */
export const dwellingSchema = z.object({
  tenure: z.enum(TENURES),
  areaM2: z.number(),
  onlyDwelling: z.boolean(),
  permanentlyRegistered: z.boolean(),
});
export const householdSchema = dwellingSchema.extend({ members: z.number().int() });
export type Household = z.infer<typeof householdSchema>;

/** Monthly expenses in tenge. */
export const housingCostsSchema = z.object({
  /** Charged per square metre: maintenance, capital repair, rent, and utilities billed by area (heating). */
  maintenance: z.number(),
  utilities: z.number(),
  communication: z.number(),
  capitalRepair: z.number(),
  rent: z.number(),
  /** Utilities billed by meter: the amount and the volume consumed (m³ or kWh). */
  metered: z
    .array(z.object({ service: z.enum(METERED_SERVICES), amount: z.number(), consumed: z.number() }))
    .optional(),
});
export type HousingCosts = z.infer<typeof housingCostsSchema>;

/** The grounds the calculation itself refuses on; a commission may refuse on any ground of bpmn/regulation.yaml. */
export type RefusalGround = 'not-only-dwelling' | 'not-permanently-registered' | 'costs-within-allowable-share';

export const calculationSchema = z.object({
  normAreaM2: z.number(),
  areaFactor: z.number(),
  /** Metered utilities counted within the per-person norms. */
  meteredCounted: z.number().optional(),
  countedCosts: z.number(),
  monthlyIncome: z.number(),
  allowableShare: z.number(),
  maxIncomeShare: z.number(),
});
export type Calculation = z.infer<typeof calculationSchema>;

export const decisionSchema = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('assigned'), amount: z.number(), calculation: calculationSchema.optional() }),
  z.object({ outcome: z.literal('refused'), ground: z.string(), calculation: calculationSchema.optional() }),
]);
export type Decision = z.infer<typeof decisionSchema>;

const roundTenge = (x: number) => Math.round(x * 100) / 100;

/** Rent is counted for state-fund housing and for a dwelling the local executive body rents in the private fund. */
const RENTS: readonly Tenure[] = ['state-rent', 'akimat-private-rent'];

/**
 * Rules for providing housing assistance (order of the Minister of Industry and Construction of
 * 8 December 2023 No. 117, before it decree No. 2314 of 2009) with Almaty's figures (city maslikhat
 * decision of 29 March 2024 No. 100): the amount is the family's housing expenses counted within the
 * norms minus the maximum allowable share of its aggregate income, paid when positive. Assistance goes
 * only to the family's only dwelling (a tenant of the state fund or of a dwelling the akimat rents owns
 * none) at the permanent registration address. Costs charged per square metre count up to the area
 * norm; metered utilities up to the per-person norms of consumption.
 */
export function decide(
  household: Household,
  costs: HousingCosts,
  periodIncome: number,
  rules: HousingRules,
  /** The grounds that govern the application (src/domain/editions.ts); all when not given. */
  grounds?: ReadonlySet<string>,
): Decision {
  const governs = (ground: RefusalGround) => grounds === undefined || grounds.has(ground);
  if (!household.onlyDwelling && governs('not-only-dwelling'))
    return { outcome: 'refused', ground: 'not-only-dwelling' };
  if (!household.permanentlyRegistered && governs('not-permanently-registered'))
    return { outcome: 'refused', ground: 'not-permanently-registered' };

  const normAreaM2 = household.members === 1 ? rules.normAreaSingle : rules.normAreaPerPerson * household.members;
  const areaFactor = household.areaM2 > normAreaM2 ? normAreaM2 / household.areaM2 : 1;
  const areaBased =
    costs.maintenance + costs.utilities + costs.capitalRepair + (RENTS.includes(household.tenure) ? costs.rent : 0);
  const metered = costs.metered ?? [];
  const meteredCounted = roundTenge(
    metered.reduce((total, m) => {
      const norm = rules.meteredNormsPerPerson[m.service] * household.members;
      return total + (m.consumed > norm ? (m.amount * norm) / m.consumed : m.amount);
    }, 0),
  );
  const communication =
    rules.communicationCap === undefined ? costs.communication : Math.min(costs.communication, rules.communicationCap);
  const countedCosts = roundTenge(areaBased * areaFactor + meteredCounted + communication);
  const monthlyIncome = roundTenge(periodIncome / rules.incomePeriodMonths);
  const allowableShare = roundTenge(monthlyIncome * rules.maxIncomeShare);
  const calculation: Calculation = {
    normAreaM2,
    areaFactor: Math.round(areaFactor * 10000) / 10000,
    ...(metered.length ? { meteredCounted } : {}),
    countedCosts,
    monthlyIncome,
    allowableShare,
    maxIncomeShare: rules.maxIncomeShare,
  };
  const amount = roundTenge(countedCosts - allowableShare);
  if (amount <= 0) return { outcome: 'refused', ground: 'costs-within-allowable-share', calculation };
  return { outcome: 'assigned', amount, calculation };
}
