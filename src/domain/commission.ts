import { periodIncome, type Dossier } from './application.js';
import { DISTRICTS, type District } from './districts.js';
import type { Decision, HousingCosts } from './eligibility.js';
import type { Regulation } from './regulation.js';
import { countedFamily, type Difference, type Verification } from './state-data.js';

/**
 * Step 4 (§10): what the commission decides on. The calculation with its inputs, the recommendation
 * and the documents; no name or IIN (the registration number finds the dossier), so nothing personal
 * lands in the engine's variables or history.
 */
export interface CaseSheet {
  registrationNumber: string;
  district: District;
  household: Dossier['household'] & { members: number };
  incomes: Array<{ source: string; amount: number }>;
  periodIncome: number;
  incomePeriodMonths: number;
  housingCosts: HousingCosts;
  documents: string[];
  recommendation: Decision;
  /** §11: what the state registers changed or could not confirm; absent when they were not asked. */
  stateData?: { differences: Difference[]; findings: string[] };
  preparedAt: string;
}

/** The sheet from the verified figures when the registers were asked (§11), else from the declared ones. */
export function caseSheet(
  dossier: Dossier,
  registrationNumber: string,
  recommendation: Decision,
  incomePeriodMonths: number,
  preparedAt: string,
  verification?: Verification,
): CaseSheet {
  return {
    registrationNumber,
    district: dossier.address.district,
    household: { ...(verification?.household ?? dossier.household), members: countedFamily(dossier, verification) },
    incomes: verification
      ? verification.incomes.map((i) => ({ source: `${i.source} (register)`, amount: i.amount }))
      : dossier.incomes.map((i) => ({ source: i.source, amount: i.amount })),
    periodIncome: verification?.periodIncome ?? periodIncome(dossier),
    incomePeriodMonths,
    housingCosts: dossier.housingCosts,
    documents: dossier.documents.map((d) => d.type),
    recommendation,
    ...(verification ? { stateData: { differences: verification.differences, findings: verification.findings } } : {}),
    preparedAt,
  };
}

const shown = (d: Difference) =>
  d.personal ? 'differs / не совпадает' : `declared / заявлено ${d.declared} → register / по данным ГБД ${d.verified}`;

/** What the calculation gives: the amount to prefill, 0 when it recommends a refusal. */
export const calculatedAmount = (sheet: CaseSheet): number =>
  sheet.recommendation.outcome === 'assigned' ? sheet.recommendation.amount : 0;

const money = (x: number) => `${x.toFixed(2)} ₸`;

/** The sheet as the commission's form shows it (Markdown). */
export function caseSheetText(sheet: CaseSheet, regulation: Regulation): string {
  const r = sheet.recommendation;
  const c = r.calculation;
  const recommendation =
    r.outcome === 'assigned'
      ? `**assign ${money(r.amount)} a month** / назначить ${money(r.amount)} в месяц`
      : `**refuse**: ${regulation.refusalGrounds.find((g) => g.id === r.ground)?.ru ?? r.ground}`;
  const costs = sheet.housingCosts;
  return [
    `### Case ${sheet.registrationNumber}, ${DISTRICTS[sheet.district].ru}`,
    `Recommendation of the calculation / рекомендация расчёта: ${recommendation}`,
    '',
    `- Family / семья: ${sheet.household.members}; area / площадь ${sheet.household.areaM2} m²; tenure / основание проживания: ${sheet.household.tenure}; only dwelling / единственное жильё: ${sheet.household.onlyDwelling ? 'yes' : 'no'}; permanently registered / постоянная регистрация: ${sheet.household.permanentlyRegistered ? 'yes' : 'no'}`,
    `- Income over ${sheet.incomePeriodMonths} months / доход за период: ${money(sheet.periodIncome)} (${sheet.incomes.map((i) => `${i.source} ${money(i.amount)}`).join(', ') || 'none'})`,
    `- Monthly costs / расходы в месяц: maintenance ${money(costs.maintenance)}, utilities ${money(costs.utilities)}, communication ${money(costs.communication)}, capital repair ${money(costs.capitalRepair)}, rent ${money(costs.rent)}`,
    ...(c
      ? [
          `- Calculation / расчёт (order No. 117 of 08.12.2023, Almaty maslikhat decision No. 100 of 29.03.2024): counted costs ${money(c.countedCosts)} (norm ${c.normAreaM2} m², factor ${c.areaFactor}${c.meteredCounted !== undefined ? `, metered within norms ${money(c.meteredCounted)}` : ''}) − ${Math.round(c.maxIncomeShare * 100)} % of monthly income ${money(c.monthlyIncome)} = ${money(c.countedCosts - c.allowableShare)}`,
        ]
      : []),
    `- Documents / документы: ${sheet.documents.join(', ')}`,
    ...(sheet.stateData
      ? [
          '',
          '#### State data (§11) / сведения из государственных информационных систем',
          ...(sheet.stateData.differences.length
            ? sheet.stateData.differences.map((d) => `- **${d.field}** (${d.source}): ${shown(d)}`)
            : ['- the registers confirm what was declared / расхождений нет']),
          ...sheet.stateData.findings.map((f) => `- ⚠ ${f}`),
        ]
      : ['', '- ⚠ the state registers were not asked for this application (§11) / сведения ГБД не запрашивались']),
  ].join('\n');
}

/** What a member of the commission entered in Tasklist (anything: the REST API takes any variables). */
export interface CommissionEntry {
  outcome?: unknown;
  amount?: unknown;
  ground?: unknown;
  amountReason?: unknown;
  minutesNumber?: unknown;
  minutesDate?: unknown;
}

export type CommissionCheck =
  | { valid: true; decision: Decision; minutes: { number: string; date: string }; amountReason?: string }
  | { valid: false; problems: string[] };

const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
const amountOf = (v: unknown) =>
  typeof v === 'number' ? v : typeof v === 'string' && /^\d+(\.\d+)?$/.test(v.trim()) ? Number(v) : Number.NaN;
const MIN_REASON = 10;

/**
 * Step 4's decision must hold before anyone is notified: assign or refuse; a refusal on a ground the
 * regulation lists; an amount above the calculated one only with a written reason; the minutes with
 * a number and a date that is not in the future (`today`, YYYY-MM-DD in Almaty).
 */
export function checkCommissionDecision(
  entry: CommissionEntry,
  sheet: CaseSheet,
  grounds: readonly string[],
  today: string,
): CommissionCheck {
  const problems: string[] = [];
  const outcome = entry.outcome;
  if (outcome !== 'assigned' && outcome !== 'refused')
    problems.push('Выберите решение: назначить или отказать / choose to assign or to refuse.');
  const minutesNumber = text(entry.minutesNumber);
  if (!minutesNumber) problems.push('Укажите номер протокола комиссии / the number of the minutes is missing.');
  else if (minutesNumber.length > 40)
    problems.push('Номер протокола длиннее 40 знаков / the number of the minutes is longer than 40 characters.');
  const minutesDate = text(entry.minutesDate).slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(minutesDate) || Number.isNaN(Date.parse(minutesDate)))
    problems.push('Укажите дату протокола / the date of the minutes is missing.');
  else if (minutesDate > today)
    problems.push(`Дата протокола ${minutesDate} ещё не наступила / the minutes are dated in the future.`);

  const calculated = calculatedAmount(sheet);
  const amount = amountOf(entry.amount);
  const amountReason = text(entry.amountReason);
  const ground = text(entry.ground);
  if (outcome === 'assigned') {
    if (!(amount > 0)) problems.push('Укажите размер помощи больше нуля / the amount must be above zero.');
    else if (amount > calculated && amountReason.length < MIN_REASON) {
      problems.push(
        `Размер ${amount.toFixed(2)} выше рассчитанного ${calculated.toFixed(2)}: обоснуйте письменно / an amount above the calculated one needs a written reason.`,
      );
    }
  }
  if (outcome === 'refused' && !grounds.includes(ground))
    problems.push(`Выберите основание отказа из перечня / a refusal needs one of the grounds: ${grounds.join(', ')}.`);
  if (problems.length) return { valid: false, problems };

  const calculation = sheet.recommendation.calculation;
  const decision: Decision =
    outcome === 'assigned'
      ? { outcome, amount: Math.round(amount * 100) / 100, calculation }
      : { outcome: 'refused', ground, calculation };
  return {
    valid: true,
    decision,
    minutes: { number: minutesNumber, date: minutesDate },
    ...(outcome === 'assigned' && amount > calculated ? { amountReason } : {}),
  };
}

/**
 * §8, §6 step 4 (§10 5)): the decision is the commission's, so the task must have been completed by a member of
 * the commission of the application's district (as the engine recorded who completed it); null if so.
 */
export function notByMember(completedBy: string | null, members: readonly string[]): string | null {
  if (completedBy && members.includes(completedBy)) return null;
  return `Решение внесено не членом комиссии района / the decision was not entered by a member of the district's commission (${completedBy ?? 'nobody signed in'}).`;
}

export { almatyDate } from './almaty.js';
