import type { Redis } from 'ioredis';
import type { Intake } from '../../src/api/intake.js';
import { DISTRICT_IDS, type District } from '../../src/domain/districts.js';
import type { Dossier } from '../../src/domain/application.js';
import { Applications } from '../../src/store/applications.js';
import { Trays } from '../../src/store/trays.js';
import { join } from 'node:path';
import { loadRules } from '../../src/config.js';
import { familySize } from '../../src/domain/application.js';
import { decide } from '../../src/domain/eligibility.js';
import { applicationDays, rulesInForce } from '../../src/domain/editions.js';
import { ROOT } from '../../src/paths.js';
import type { PersonRecords } from '../../src/registries/service.js';
import { dossier } from './fixtures.js';
import { declaredRecords, enrol } from './registries.js';
import { counterValue, registrations } from './harness.js';
import { almatyYear } from '../../src/domain/almaty.js';

/** Every district has its State Corporation centre (config/service-centres.yaml). */
export const centreOf = (district: District) => `con-${district}`;

export type Expected = 'assigned' | 'refused' | 'intake-refused';

export interface Submitted {
  id: string;
  district: District;
  expected: Expected;
  /** The amount the calculation gives from the registers' figures, when assigned. */
  amount?: number;
}

/** The edition that decides an application filed and decided today, as the chaos run's are. */
const { rules: RULES } = rulesInForce(
  loadRules(join(ROOT, 'config', 'housing-assistance-rules.yaml')),
  applicationDays(new Date(), new Date()),
);

/** The income of the period as the registers (§11) know it: what the state-data step verifies. */
const registerIncome = (records: Record<string, PersonRecords>) =>
  Object.values(records)
    .flatMap((r) => [r['social-payments'], r['business-income'], r.alimony])
    .reduce((sum, i) => sum + (i?.periodTotal ?? 0), 0);

/**
 * The mix of a working day: most assigned, some refused by the commission on income (the registers
 * know that income), one in ten with registers that differ from the declaration (the difference path),
 * some refused at intake. The registers are enrolled last, so they say what the mix means; the expected
 * outcome follows from their figures by the calculation's own rule (the commission's simulated member
 * accepts the recommendation).
 */
export function mixedApplication(i: number): { dossier: Dossier; expected: Expected; amount?: number } {
  const district = DISTRICT_IDS[i % DISTRICT_IDS.length];
  const address = { district, line: `ул. Абая, ${i}` };
  if (i % 10 === 9) {
    const base = dossier({ address });
    return { dossier: { ...base, documents: base.documents.slice(0, 2) }, expected: 'intake-refused' };
  }
  const declared = dossier({
    address,
    ...(i % 10 === 7 ? { incomes: [{ source: 'salary', amount: 5_000_000 }] } : {}),
  });
  // One family earns more than it declared: the registers' figure replaces the declared one (§11).
  const known = i % 10 === 3 ? { ...declared, incomes: [{ source: 'salary' as const, amount: 360_000 }] } : declared;
  const records = declaredRecords(known);
  enrol(records);
  const decision = decide(
    { ...declared.household, members: familySize(declared) },
    declared.housingCosts,
    registerIncome(records),
    RULES,
  );
  return {
    dossier: declared,
    expected: decision.outcome,
    ...(decision.outcome === 'assigned' ? { amount: decision.amount } : {}),
  };
}

/** Submits `n` applications through the production intake, `parallel` at a time. */
export async function submitLoad(
  intake: Intake,
  n: number,
  parallel = 20,
  onProgress?: (done: number) => void,
): Promise<Submitted[]> {
  const submitted: Submitted[] = new Array(n);
  let next = 0;
  let done = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < n) {
        const i = next++;
        const { dossier: d, expected, amount } = mixedApplication(i);
        const { id } = await intake.submit(d, { owner: `centre:${centreOf(d.address.district)}` });
        submitted[i] = { id, district: d.address.district, expected, ...(amount !== undefined ? { amount } : {}) };
        onProgress?.(++done);
      }
    }),
  );
  return submitted;
}

export interface Audit {
  lost: string[];
  stuck: string[];
  wrongOutcome: string[];
  duplicatedRegistrations: number;
  duplicatedDeliveries: number;
  counterMismatches: string[];
}

/** Reads back every application from Redis: its outcome, and every side effect counted once. */
export async function audit(redis: Redis, apps: Submitted[], endedIds: Set<string>): Promise<Audit> {
  const result: Audit = {
    lost: [],
    stuck: [],
    wrongOutcome: [],
    duplicatedRegistrations: 0,
    duplicatedDeliveries: 0,
    counterMismatches: [],
  };
  const trays = new Map<string, number>();
  for (const district of DISTRICT_IDS) {
    for (const item of await new Trays(redis).outTray(centreOf(district))) {
      const key = `${item.applicationId}:${item.kind}`;
      trays.set(key, (trays.get(key) ?? 0) + 1);
    }
  }
  const applications = new Applications(redis);
  const registeredPerDistrict = new Map<District, Set<string>>();
  for (const app of apps) {
    const record = await applications.get(app.id);
    const { status, processInstanceId } = record ?? {};
    const registration = record?.results.registration;
    if (!processInstanceId) {
      result.lost.push(app.id);
      continue;
    }
    if (!endedIds.has(processInstanceId)) {
      result.stuck.push(app.id);
      continue;
    }
    const decided = record?.results.decision;
    const amount = decided?.outcome === 'assigned' ? decided.amount : undefined;
    if (status !== app.expected || amount !== app.amount) result.wrongOutcome.push(app.id);
    const kind = app.expected === 'intake-refused' ? 'refusal-receipt' : 'notification';
    const delivered = trays.get(`${app.id}:${kind}`) ?? 0;
    if (delivered > 1) result.duplicatedDeliveries += delivered - 1;
    if (delivered === 0) result.wrongOutcome.push(app.id);
    if (registration) {
      const numbers = registeredPerDistrict.get(app.district) ?? new Set<string>();
      const { number } = registration;
      if (numbers.has(number)) result.duplicatedRegistrations += 1;
      numbers.add(number);
      registeredPerDistrict.set(app.district, numbers);
    }
  }
  const year = almatyYear(new Date());
  for (const [district, numbers] of registeredPerDistrict) {
    const counter = await counterValue(redis, registrations(district, year));
    if (counter !== numbers.size)
      result.counterMismatches.push(`${district}: counter ${counter}, registered ${numbers.size}`);
  }
  return result;
}
