import type { Decision, RefusalGround } from './eligibility.js';

export interface NotificationInput {
  registrationNumber: string;
  applicantName: string;
  districtName: { kk: string; ru: string };
  decision: Decision;
  decidedOn: string;
}

export interface NotificationText {
  kk: string;
  ru: string;
}

const GROUNDS: Record<RefusalGround, NotificationText> = {
  'not-only-dwelling': {
    kk: 'тұрғын үй отбасының Қазақстандағы жалғыз тұрғын үйі емес',
    ru: 'жилище не является единственным жильём семьи в Республике Казахстан',
  },
  'not-permanently-registered': {
    kk: 'өтініш беруші осы мекенжайда тұрақты тіркелмеген',
    ru: 'заявитель не зарегистрирован постоянно по данному адресу',
  },
  'costs-within-allowable-share': {
    kk: 'нормалар шегіндегі шығыстар отбасы табысының шекті үлесінен аспайды',
    ru: 'расходы в пределах норм не превышают предельно допустимую долю дохода семьи',
  },
};

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
  if (decision.outcome === 'assigned') {
    return {
      kk: `${head.kk} Сізге айына ${money(decision.amount)} теңге мөлшерінде тұрғын үй көмегі тағайындалды. ${calc.kk}`.trim(),
      ru: `${head.ru} Вам назначена жилищная помощь в размере ${money(decision.amount)} тенге в месяц. ${calc.ru}`.trim(),
    };
  }
  const ground = GROUNDS[decision.ground];
  return {
    kk: `${head.kk} Тұрғын үй көмегін тағайындаудан бас тартылды: ${ground.kk}. ${calc.kk}`.trim(),
    ru: `${head.ru} В назначении жилищной помощи отказано: ${ground.ru}. ${calc.ru}`.trim(),
  };
}
