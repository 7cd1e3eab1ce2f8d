import { describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { loadRegulation, loadRules } from '../../src/config.js';
import {
  applicationDays,
  appliesTo,
  groundsInForce,
  ruleBookSchema,
  rulesInForce,
  type RuleBook,
} from '../../src/domain/editions.js';
import { decide } from '../../src/domain/eligibility.js';
import { ROOT } from '../../src/paths.js';
import { regulationSchema } from '../../src/domain/regulation.js';
import { TEST_RULES } from '../support/fixtures.js';

const book = (running: 'migrate' | 'finish-on-old'): RuleBook =>
  ruleBookSchema.parse({
    editions: [
      { act: 'decision No. 100', effective: '2024-03-29', ...TEST_RULES },
      { act: 'decision No. 7', effective: '2026-07-01', maxIncomeShare: 0.08 },
      { act: 'decision No. 9', effective: '2027-01-01', normAreaSingle: 33, running },
    ],
  });
const days = (filedOn: string, decidedOn = filedOn) => ({ filedOn, decidedOn });
const regulation = loadRegulation();

describe('the rules in force on the filing day (Law "On legal acts", art. 43)', () => {
  it('a change governs applications filed on or after its effective day, earlier ones only when it reaches cases in progress', () => {
    const change = { effective: '2026-07-01', running: 'finish-on-old' as const };
    expect(appliesTo(change, days('2026-07-01'))).toBe(true);
    expect(appliesTo(change, days('2026-06-30', '2026-07-05'))).toBe(false);
    expect(appliesTo({ ...change, running: 'migrate' }, days('2026-06-30', '2026-07-05'))).toBe(true);
    expect(appliesTo({ ...change, running: 'migrate' }, days('2026-06-29', '2026-06-30'))).toBe(false);
  });

  it('the filing day and the decision day are Almaty days, not UTC ones', () => {
    // 20:30 UTC on 30 June is 01:30 on 1 July in Almaty (UTC+5).
    expect(applicationDays('2026-06-30T20:30:00.000Z', new Date('2026-07-02T03:00:00.000Z'))).toEqual({
      filedOn: '2026-07-01',
      decidedOn: '2026-07-02',
    });
  });

  it('picks the edition of the filing day, with the figures of the editions before it', () => {
    const before = rulesInForce(book('finish-on-old'), days('2026-06-30', '2026-07-03'));
    expect(before.rules).toEqual(TEST_RULES);
    expect(before.edition).toEqual({ act: 'decision No. 100', effective: '2024-03-29' });
    const after = rulesInForce(book('finish-on-old'), days('2027-01-01'));
    expect(after.rules).toEqual({ ...TEST_RULES, maxIncomeShare: 0.08, normAreaSingle: 33 });
    expect(after.edition.act).toBe('decision No. 9');
  });

  it('an edition that reaches cases in progress decides those still open on its day, with everything before it', () => {
    const open = days('2026-06-30', '2027-01-02');
    expect(rulesInForce(book('finish-on-old'), open).rules.maxIncomeShare).toBe(0.1);
    const reached = rulesInForce(book('migrate'), open);
    expect(reached.rules).toEqual({ ...TEST_RULES, maxIncomeShare: 0.08, normAreaSingle: 33 });
    expect(reached.edition.act).toBe('decision No. 9');
  });

  it('an application filed before the first edition is decided under the first', () => {
    expect(rulesInForce(book('migrate'), days('2020-01-01')).edition.act).toBe('decision No. 100');
  });

  it('refuses a book whose first edition lacks a figure or whose editions are out of order', () => {
    const bad = ruleBookSchema.safeParse({
      editions: [
        { act: 'a', effective: '2024-03-29', maxIncomeShare: 0.1 },
        { act: 'b', effective: '2024-03-29', maxIncomeShare: 0.2 },
      ],
    });
    expect(bad.success).toBe(false);
    const messages = bad.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^editions\.0\.incomePeriodMonths: the first edition sets every figure/),
        expect.stringMatching(/^editions\.1\.effective: 2024-03-29 is not after the edition before it/),
      ]),
    );
    expect(
      ruleBookSchema.safeParse({ editions: [{ act: 'a', effective: '2024-03-29', ...TEST_RULES, typo: 1 }] }).success,
    ).toBe(false);
  });

  it('the shipped rules file is one book whose first edition is complete', () => {
    const shipped = loadRules(join(ROOT, 'config', 'housing-assistance-rules.yaml'));
    expect(rulesInForce(shipped, days('2026-12-03')).rules.maxIncomeShare).toBe(0.1);
  });
});

describe('refusal grounds with an effective day or a repeal', () => {
  const amended = (running: 'migrate' | 'finish-on-old') => ({
    ...regulation,
    act: { ...regulation.act, running },
    refusalGrounds: regulation.refusalGrounds.map((g) =>
      g.id === 'not-permanently-registered'
        ? { ...g, repealed: '2026-07-01' }
        : g.id === 'false-information'
          ? { ...g, effective: '2026-07-01' }
          : g,
    ),
  });
  const ids = (r: typeof regulation, d: { filedOn: string; decidedOn: string }) =>
    groundsInForce(r, d).map((g) => g.id);

  it('a ground repealed or added governs by the filing day', () => {
    const r = amended('finish-on-old');
    expect(ids(r, days('2026-06-30', '2026-07-04'))).toEqual([
      'not-only-dwelling',
      'not-permanently-registered',
      'costs-within-allowable-share',
    ]);
    expect(ids(r, days('2026-07-01'))).toEqual([
      'not-only-dwelling',
      'costs-within-allowable-share',
      'false-information',
    ]);
  });

  it('by the decision day when the act reaches cases in progress', () => {
    expect(ids(amended('migrate'), days('2026-06-30', '2026-07-04'))).toEqual([
      'not-only-dwelling',
      'costs-within-allowable-share',
      'false-information',
    ]);
  });

  it('the calculation refuses only on a ground that governs the application', () => {
    const family = {
      members: 1,
      areaM2: 30,
      tenure: 'owner' as const,
      onlyDwelling: true,
      permanentlyRegistered: false,
    };
    const costs = { maintenance: 5000, utilities: 20000, communication: 0, capitalRepair: 0, rent: 0 };
    expect(decide(family, costs, 30_000, TEST_RULES)).toEqual({
      outcome: 'refused',
      ground: 'not-permanently-registered',
    });
    const governing = new Set(ids(amended('finish-on-old'), days('2026-07-01')));
    expect(decide(family, costs, 30_000, TEST_RULES, governing)).toMatchObject({ outcome: 'assigned', amount: 24_000 });
  });

  it('a repeal before the ground took effect is refused', () => {
    const text = { id: 'x', rule: 'r', kk: 'k', ru: 'r', effective: '2026-07-01', repealed: '2026-01-01' };
    expect(() => loadRegulationFrom({ ...regulation, refusalGrounds: [text] })).toThrow(
      /repealed after it takes effect/,
    );
  });
});

function loadRegulationFrom(raw: unknown) {
  // The schema the regulation file is loaded with, on an edited copy of the shipped one.
  return regulationSchema.parse(raw);
}
