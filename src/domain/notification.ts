import type { Text } from './text.js';
import type { Decision } from './eligibility.js';
import { citationIn } from './regulation.js';

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
  /** The citation of the step that decided (bpmn/regulation.yaml), e.g. "§6 step 4 / §9 4) / §10 5)". */
  citation: string;
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

/** Step 5 (§6 step 5 / §10 6)): the notification of assignment or refusal, in Kazakh and Russian, with the calculation and the clause that decided. */
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
  const basis = {
    kk: `Негіз: «Тұрғын үй көмегін тағайындау» мемлекеттік көрсетілетін қызмет регламенті, ${citationIn('kk', input.citation)}.`,
    ru: `Основание: регламент государственной услуги «Назначение жилищной помощи», ${citationIn('ru', input.citation)}.`,
  };
  const text = (...parts: string[]) => parts.filter(Boolean).join(' ');
  if (decision.outcome === 'assigned') {
    return {
      kk: text(
        `${head.kk} Сізге айына ${money(decision.amount)} теңге мөлшерінде тұрғын үй көмегі тағайындалды${minutes.kk}.`,
        calc.kk,
        basis.kk,
      ),
      ru: text(
        `${head.ru} Вам назначена жилищная помощь в размере ${money(decision.amount)} тенге в месяц${minutes.ru}.`,
        calc.ru,
        basis.ru,
      ),
    };
  }
  const ground = input.ground;
  if (!ground) throw new Error(`no words for the refusal ground ${decision.ground}`);
  return {
    kk: text(`${head.kk} Тұрғын үй көмегін тағайындаудан бас тартылды${minutes.kk}: ${ground.kk}.`, calc.kk, basis.kk),
    ru: text(`${head.ru} В назначении жилищной помощи отказано${minutes.ru}: ${ground.ru}.`, calc.ru, basis.ru),
  };
}
