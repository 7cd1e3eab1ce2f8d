import type { Redis } from 'ioredis';
import type { Intake } from '../../src/api/intake.js';
import { DISTRICT_IDS, type District } from '../../src/domain/districts.js';
import type { Dossier } from '../../src/domain/application.js';
import { Applications } from '../../src/store/applications.js';
import { Trays } from '../../src/store/trays.js';
import { dossier } from './fixtures.js';
import { counterValue, registrations } from './harness.js';

/** Every district has its State Corporation centre (config/service-centres.yaml). */
export const centreOf = (district: District) => `con-${district}`;

export type Expected = 'assigned' | 'refused' | 'intake-refused';

export interface Submitted {
  id: string;
  district: District;
  expected: Expected;
}

/** The mix of a working day: most assigned, some refused by the commission, some refused at intake. */
export function mixedApplication(i: number): { dossier: Dossier; expected: Expected } {
  const district = DISTRICT_IDS[i % DISTRICT_IDS.length];
  const address = { district, line: `ул. Абая, ${i}` };
  // dossier() enrols the family in the registers' stand-in as declared, its relations in the civil registry
  // too, so the members are confirmed; the rich family is built by it as well, or the registers would
  // know the default income and the calculation (which uses theirs, §11) would assign.
  if (i % 10 === 7)
    return { dossier: dossier({ address, incomes: [{ source: 'salary', amount: 5_000_000 }] }), expected: 'refused' };
  const base = dossier({ address });
  if (i % 10 === 9) return { dossier: { ...base, documents: base.documents.slice(0, 2) }, expected: 'intake-refused' };
  return { dossier: base, expected: 'assigned' };
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
        const { dossier: d, expected } = mixedApplication(i);
        const { id } = await intake.submit(d, { owner: `centre:${centreOf(d.address.district)}` });
        submitted[i] = { id, district: d.address.district, expected };
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
    if (status !== app.expected) result.wrongOutcome.push(app.id);
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
  const year = new Date().getUTCFullYear();
  for (const [district, numbers] of registeredPerDistrict) {
    const counter = await counterValue(redis, registrations(district, year));
    if (counter !== numbers.size)
      result.counterMismatches.push(`${district}: counter ${counter}, registered ${numbers.size}`);
  }
  return result;
}
