import { z } from 'zod';
import { almatyDate, type Instant } from './almaty.js';
import { housingRulesSchema, type HousingRules } from './eligibility.js';
import { actSchema, type Regulation, type RefusalGroundText } from './regulation.js';

/**
 * Which rules decide an application: the edition in force on the day it was filed. The Law of the
 * Republic of Kazakhstan of 6 April 2016 No. 480-V "On legal acts", art. 43: an act applies to relations
 * that arose after it took effect, and to earlier ones only where it says so itself. An edition (or an
 * amending act) that says `running: migrate` says so: an application still undecided on its effective
 * day is decided under it; `finish-on-old`, the default, leaves it to the edition of its filing day.
 */
export const runningSchema = actSchema.shape.running;
export type Running = z.infer<typeof runningSchema>;

/** The days that can decide which rules apply, in Almaty: the filing's and the decision's (YYYY-MM-DD). */
export interface ApplicationDays {
  filedOn: string;
  decidedOn: string;
}

export const applicationDays = (filedAt: Instant, decidedAt: Instant): ApplicationDays => ({
  filedOn: almatyDate(filedAt),
  decidedOn: almatyDate(decidedAt),
});

/** Whether a change effective on `effective` governs the application (art. 43). */
export const appliesTo = (change: { effective: string; running: Running }, days: ApplicationDays): boolean =>
  change.effective <= days.filedOn || (change.running === 'migrate' && change.effective <= days.decidedOn);

/**
 * An edition of the figures the commission applies (config/housing-assistance-rules.yaml): the act that
 * set them, the day it takes effect, what it does to cases in progress, and only the figures it changes
 * (the first edition has them all).
 */
export const ruleEditionSchema = housingRulesSchema
  .partial()
  .extend({ act: z.string().min(1), effective: z.iso.date(), running: runningSchema.default('finish-on-old') })
  .strict();
export type RuleEdition = z.infer<typeof ruleEditionSchema>;

const figuresOf = ({ act: _act, effective: _effective, running: _running, ...figures }: RuleEdition) => figures;

export const ruleBookSchema = z
  .object({ editions: z.array(ruleEditionSchema).min(1) })
  .strict()
  .superRefine((book, ctx) => {
    const first = housingRulesSchema.safeParse(figuresOf(book.editions[0]));
    if (!first.success)
      for (const issue of first.error.issues)
        ctx.addIssue({
          code: 'custom',
          path: ['editions', 0, ...issue.path.map(String)],
          message: `the first edition sets every figure: ${issue.message}`,
        });
    book.editions.forEach((e, i) => {
      if (i > 0 && e.effective <= book.editions[i - 1].effective)
        ctx.addIssue({
          code: 'custom',
          path: ['editions', i, 'effective'],
          message: `${e.effective} is not after the edition before it (${book.editions[i - 1].effective}): list editions by the day they take effect`,
        });
    });
  });
export type RuleBook = z.infer<typeof ruleBookSchema>;

export interface RulesInForce {
  rules: HousingRules;
  /** The latest edition that governs the application (its figures merged over the earlier ones'). */
  edition: Pick<RuleEdition, 'act' | 'effective'>;
}

/**
 * The figures that decide an application: the latest edition that governs it, with everything the
 * editions before it set (an amending act changes the text in force when it takes effect). An
 * application filed before the first edition is decided under the first.
 */
export function rulesInForce(book: RuleBook, days: ApplicationDays): RulesInForce {
  let last = 0;
  book.editions.forEach((e, i) => {
    if (appliesTo(e, days)) last = i;
  });
  const upTo = book.editions.slice(0, last + 1);
  const rules = housingRulesSchema.parse(Object.assign({}, ...upTo.map(figuresOf)));
  const { act, effective } = upTo[upTo.length - 1];
  return { rules, edition: { act, effective } };
}

/**
 * The refusal grounds that govern an application (bpmn/regulation.yaml): a ground with an `effective`
 * day counts from it, one `repealed` stops counting on that day, each by art. 43 with the act's choice
 * for cases in progress.
 */
export function groundsInForce(regulation: Regulation, days: ApplicationDays): RefusalGroundText[] {
  const { running } = regulation.act;
  return regulation.refusalGrounds.filter(
    (g) =>
      (g.effective === undefined || appliesTo({ effective: g.effective, running }, days)) &&
      (g.repealed === undefined || !appliesTo({ effective: g.repealed, running }, days)),
  );
}
