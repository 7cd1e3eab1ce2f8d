import { z } from 'zod';
import { calendarDate } from './almaty.js';
import { districtSchema, periodIncome, type Dossier } from './application.js';
import { DISTRICTS, type District } from './districts.js';
import { decisionSchema, householdSchema, housingCostsSchema, type Decision } from './eligibility.js';
import {
  amountNeedsReason,
  bilingual,
  COMMISSION_PROBLEMS,
  groundNotListed,
  minutesInFuture,
  notAMember,
} from './messages.js';
import type { Regulation } from './regulation.js';
import { countedFamily, differenceSchema, type Difference, type Verification } from './state-data.js';
import type { Text } from './text.js';

/**
 * Step 4 (§10): what the commission decides on. The calculation with its inputs, the recommendation
 * and the documents; no name or IIN (the registration number finds the dossier), so nothing personal
 * lands in the engine's variables or history.
 */
export const caseSheetSchema = z.object({
  registrationNumber: z.string(),
  district: districtSchema,
  household: householdSchema,
  incomes: z.array(z.object({ source: z.string(), amount: z.number() })),
  periodIncome: z.number(),
  incomePeriodMonths: z.number(),
  housingCosts: housingCostsSchema,
  documents: z.array(z.string()),
  recommendation: decisionSchema,
  /** §11: what the state registers changed or could not confirm; absent when they were not asked. */
  stateData: z.object({ differences: z.array(differenceSchema), findings: z.array(z.string()) }).optional(),
  preparedAt: z.string().min(1),
  /** The edition of the rules the calculation applied, the one in force on the filing day (src/domain/editions.ts). */
  rules: z.object({ act: z.string(), effective: z.string() }).optional(),
});
export type CaseSheet = z.infer<typeof caseSheetSchema>;

/** The sheet from the verified figures when the registers were asked (§11), else from the declared ones. */
export function caseSheet(
  dossier: Dossier,
  /** The case: its number, and the district whose commission decides it (the record's, §1). */
  { registrationNumber, district }: { registrationNumber: string; district: District },
  recommendation: Decision,
  incomePeriodMonths: number,
  preparedAt: string,
  verification?: Verification,
  rules?: { act: string; effective: string },
): CaseSheet {
  return {
    registrationNumber,
    district,
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
    ...(rules ? { rules } : {}),
  };
}

const shown = (d: Difference) =>
  d.personal
    ? 'сәйкес емес / не совпадает'
    : `мәлімделді / заявлено ${d.declared} → тізілім бойынша / по данным ГБД ${d.verified}`;

/** What the calculation gives: the amount to prefill, 0 when it recommends a refusal. */
export const calculatedAmount = (sheet: CaseSheet): number =>
  sheet.recommendation.outcome === 'assigned' ? sheet.recommendation.amount : 0;

const money = (x: number) => `${x.toFixed(2)} ₸`;

const groundLabel = (regulation: Regulation, id: string) => {
  const ground = regulation.refusalGrounds.find((g) => g.id === id);
  return ground ? bilingual(ground) : id;
};

/** The refusal grounds the commission's form offers (those of bpmn/regulation.yaml that govern the case), each in Kazakh and Russian. */
export const refusalGroundOptions = (grounds: Regulation['refusalGrounds']): Array<{ value: string; label: string }> =>
  grounds.map((g) => ({ value: g.id, label: `${bilingual(g)} (${g.id})` }));

/** The sheet as the commission's form shows it (Markdown). */
export function caseSheetText(sheet: CaseSheet, regulation: Regulation): string {
  const r = sheet.recommendation;
  const c = r.calculation;
  const recommendation =
    r.outcome === 'assigned'
      ? `**айына ${money(r.amount)} тағайындау / назначить ${money(r.amount)} в месяц**`
      : `**бас тарту / отказать**: ${groundLabel(regulation, r.ground)}`;
  const costs = sheet.housingCosts;
  const yes = (b: boolean) => (b ? 'иә / да' : 'жоқ / нет');
  const district = DISTRICTS[sheet.district];
  return [
    `### Іс / Дело ${sheet.registrationNumber}, ${district.kk} / ${district.ru}`,
    `Есептің ұсынысы / рекомендация расчёта: ${recommendation}`,
    '',
    `- Отбасы / семья: ${sheet.household.members}; ауданы / площадь ${sheet.household.areaM2} м²; тұру негізі / основание проживания: ${sheet.household.tenure}; жалғыз тұрғын үй / единственное жильё: ${yes(sheet.household.onlyDwelling)}; тұрақты тіркеу / постоянная регистрация: ${yes(sheet.household.permanentlyRegistered)}`,
    `- ${sheet.incomePeriodMonths} айдағы табыс / доход за ${sheet.incomePeriodMonths} мес.: ${money(sheet.periodIncome)} (${sheet.incomes.map((i) => `${i.source} ${money(i.amount)}`).join(', ') || 'жоқ / нет'})`,
    `- Айлық шығыстар / расходы в месяц: күтіп-ұстау / содержание ${money(costs.maintenance)}, коммуналдық / коммунальные ${money(costs.utilities)}, байланыс / связь ${money(costs.communication)}, күрделі жөндеу / капремонт ${money(costs.capitalRepair)}, жалдау / аренда ${money(costs.rent)}`,
    ...(c
      ? [
          `- Есеп / расчёт (08.12.2023 № 117 бұйрық / приказ, Алматы мәслихатының 29.03.2024 № 100 шешімі / решение маслихата): есептелген шығыстар / учтённые расходы ${money(c.countedCosts)} (норма ${c.normAreaM2} м², коэффициент ${c.areaFactor}${c.meteredCounted !== undefined ? `, нормадағы есептегіштер / счётчики в пределах норм ${money(c.meteredCounted)}` : ''}) − айлық табыстың / месячного дохода ${money(c.monthlyIncome)} ${Math.round(c.maxIncomeShare * 100)} % = ${money(c.countedCosts - c.allowableShare)}`,
        ]
      : []),
    ...(sheet.rules
      ? [
          `- Өтініш берілген күні күшінде болған ережелер / правила, действовавшие на день подачи: ${sheet.rules.act} (${sheet.rules.effective})`,
        ]
      : []),
    `- Құжаттар / документы: ${sheet.documents.join(', ')}`,
    ...(sheet.stateData
      ? [
          '',
          '#### Мемлекеттік ақпараттық жүйелердің мәліметтері / сведения из государственных информационных систем (§11)',
          ...(sheet.stateData.differences.length
            ? sheet.stateData.differences.map((d) => `- **${d.field}** (${d.source}): ${shown(d)}`)
            : ['- тізілімдер мәлімделгенді растайды / расхождений нет']),
          ...sheet.stateData.findings.map((f) => `- ⚠ ${f}`),
        ]
      : [
          '',
          '- ⚠ бұл өтініш бойынша мемлекеттік тізілімдерге сұрау жіберілмеді / сведения из государственных реестров не запрашивались (§11)',
        ]),
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
  | { valid: false; problems: Text[] };

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
  const problems: Text[] = [];
  const outcome = entry.outcome;
  if (outcome !== 'assigned' && outcome !== 'refused') problems.push(COMMISSION_PROBLEMS.chooseOutcome);
  const minutesNumber = text(entry.minutesNumber);
  if (!minutesNumber) problems.push(COMMISSION_PROBLEMS.minutesNumberMissing);
  else if (minutesNumber.length > 40) problems.push(COMMISSION_PROBLEMS.minutesNumberTooLong);
  const minutesDate = calendarDate(text(entry.minutesDate));
  if (minutesDate === null) problems.push(COMMISSION_PROBLEMS.minutesDateMissing);
  else if (minutesDate > today) problems.push(minutesInFuture(minutesDate));

  const calculated = calculatedAmount(sheet);
  const amount = amountOf(entry.amount);
  const amountReason = text(entry.amountReason);
  const ground = text(entry.ground);
  if (outcome === 'assigned') {
    if (!(amount > 0)) problems.push(COMMISSION_PROBLEMS.amountNotPositive);
    else if (amount > calculated && amountReason.length < MIN_REASON)
      problems.push(amountNeedsReason(amount.toFixed(2), calculated.toFixed(2)));
  }
  if (outcome === 'refused' && !grounds.includes(ground)) problems.push(groundNotListed(grounds));
  if (problems.length || minutesDate === null) return { valid: false, problems };

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
export function notByMember(completedBy: string | null, members: readonly string[]): Text | null {
  if (completedBy && members.includes(completedBy)) return null;
  return notAMember(completedBy);
}
