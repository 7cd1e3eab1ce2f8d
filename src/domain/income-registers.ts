import type { IncomeSource } from './application.js';

/** §11: the declared income kinds each income register verifies. */
export const INCOME_REGISTERS: ReadonlyArray<{
  source: 'social-payments' | 'business-income' | 'alimony';
  declared: readonly IncomeSource[];
}> = [
  { source: 'social-payments', declared: ['pension', 'social-payment'] },
  { source: 'business-income', declared: ['salary', 'business', 'other'] },
  { source: 'alimony', declared: ['alimony'] },
];

/** The register that answers for a declared kind of income; undefined when none does. */
export const incomeRegisterOf = (kind: IncomeSource) => INCOME_REGISTERS.find((r) => r.declared.includes(kind))?.source;
