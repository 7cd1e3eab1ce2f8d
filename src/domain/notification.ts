import type { Text } from './text.js';
import type { Decision } from './eligibility.js';

export interface NotificationInput {
  registrationNumber: string;
  applicantName: string;
  districtName: Text;
  decision: Decision;
  decidedOn: string;
  /** A refusal's ground in the applicant's words (bpmn/regulation.yaml, refusalGrounds). */
  ground?: NotificationText;
  /** The commission's minutes (step 4), when a commission decided in Tasklist. */
  minutes?: { number: string; date: string };
}

export type NotificationText = Text;

const money = (x: number) => x.toFixed(2);
const percent = (x: number) => `${Math.round(x * 10000) / 100}%`;

function calculationLines(decision: Decision): NotificationText {
  const c = decision.calculation;
  if (!c) return { kk: '', ru: '' };
  return {
    kk:
      `Есеп: нормалар шегіндегі шығыстар ${money(c.countedCosts)} теңге (норма ${c.normAreaM2} м², коэффициент ${c.areaFactor}); ` +
      `айлық табыс ${money(c.monthlyIncome)} теңге, шекті үлес ${percent(c.maxIncomeShare)} = ${money(c.allowableShare)} теңге.`,
    ru:
      `Расчёт: расходы в пределах норм ${money(c.countedCosts)} тенге (норма ${c.normAreaM2} м², коэффициент ${c.areaFactor}); ` +
      `среднемесячный доход ${money(c.monthlyIncome)} тенге, предельная доля ${percent(c.maxIncomeShare)} = ${money(c.allowableShare)} тенге.`,
  };
}

/** Step 5 (§10): the notification of assignment or refusal, in Kazakh and Russian, with the calculation. */
export function notificationText(input: NotificationInput): NotificationText {
  const { decision } = input;
  const calc = calculationLines(decision);
  const head = {
    kk: `${input.districtName.kk} жұмыспен қамту және әлеуметтік бағдарламалар бөлімі. Тіркеу нөмірі ${input.registrationNumber}, ${input.decidedOn}. Құрметті ${input.applicantName}!`,
    ru: `Отдел занятости и социальных программ: ${input.districtName.ru}. Регистрационный номер ${input.registrationNumber}, ${input.decidedOn}. Уважаемый(ая) ${input.applicantName}!`,
  };
  const minutes = input.minutes
    ? {
        kk: ` (комиссия хаттамасы № ${input.minutes.number}, ${input.minutes.date})`,
        ru: ` (протокол комиссии № ${input.minutes.number} от ${input.minutes.date})`,
      }
    : { kk: '', ru: '' };
  if (decision.outcome === 'assigned') {
    return {
      kk: `${head.kk} Сізге айына ${money(decision.amount)} теңге мөлшерінде тұрғын үй көмегі тағайындалды${minutes.kk}. ${calc.kk}`.trim(),
      ru: `${head.ru} Вам назначена жилищная помощь в размере ${money(decision.amount)} тенге в месяц${minutes.ru}. ${calc.ru}`.trim(),
    };
  }
  const ground = input.ground;
  if (!ground) throw new Error(`no words for the refusal ground ${decision.ground}`);
  return {
    kk: `${head.kk} Тұрғын үй көмегін тағайындаудан бас тартылды${minutes.kk}: ${ground.kk}. ${calc.kk}`.trim(),
    ru: `${head.ru} В назначении жилищной помощи отказано${minutes.ru}: ${ground.ru}. ${calc.ru}`.trim(),
  };
}
