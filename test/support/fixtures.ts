import { withCheckDigit } from '../../src/domain/iin.js';
import type { Dossier } from '../../src/domain/application.js';
import type { HousingRules } from '../../src/domain/eligibility.js';
import { declaredRecords, enrol } from './registries.js';

/** Housing rules with fixed figures for the calculation's tests (not the configured ones, which may change). */
export const TEST_RULES: HousingRules = {
  maxIncomeShare: 0.1,
  incomePeriodMonths: 3,
  normAreaPerPerson: 18,
  normAreaSingle: 30,
  meteredNormsPerPerson: { water: 5, electricity: 70, gas: 10 },
  communicationCap: 2000,
};

/** A valid IIN made from a birth date and a serial, so every test has people of its own. */
export function makeIin(serial: number, birth = '870412'): string {
  for (let s = serial; s < serial + 50; s++) {
    const iin = withCheckDigit(`${birth}3${String(s % 10000).padStart(4, '0')}`);
    if (iin) return iin;
  }
  throw new Error('no valid IIN near this serial');
}

const issued = new Set<string>();

/**
 * An IIN no other call of this run's files has had: a random birth date (1960–1999) and serial. Two
 * people sharing one would share a portal account and a record in the state registers' stand-in.
 */
export function freshIin(): string {
  for (;;) {
    const born = new Date(Date.UTC(1960, 0, 1) + Math.floor(Math.random() * 40 * 365) * 86_400_000).toISOString();
    const iin = makeIin(Math.floor(Math.random() * 9950), `${born.slice(2, 4)}${born.slice(5, 7)}${born.slice(8, 10)}`);
    if (!issued.has(iin)) {
      issued.add(iin);
      return iin;
    }
  }
}

const inFuture = new Date(Date.now() + 180 * 86_400_000).toISOString().slice(0, 10);

export const COMPLETE_DOCUMENTS = [
  { type: 'application' },
  { type: 'identity-document', validUntil: inFuture },
  { type: 'family-income' },
  { type: 'housing-maintenance-bill' },
  { type: 'utility-bills' },
  { type: 'telecom-bill' },
];

/**
 * A family of three in 54 m² (exactly the norm): costs counted 27 500 tenge a month. With the
 * default income (300 000 a quarter, 10 % share = 10 000) it is assigned 17 500.
 */
export function dossier(overrides: Partial<Dossier> = {}): Dossier {
  const built: Dossier = {
    channel: 'state-corporation',
    applicant: { iin: freshIin(), fullName: 'Айгерим Сапарова' },
    address: { district: 'bostandyk', line: 'ул. Тимирязева, 10, кв. 5' },
    household: { tenure: 'owner', areaM2: 54, onlyDwelling: true, permanentlyRegistered: true },
    familyMembers: [
      { fullName: 'Ержан Сапаров', relation: 'spouse', iin: freshIin() },
      { fullName: 'Алия Сапарова', relation: 'child', iin: freshIin() },
    ],
    incomes: [{ source: 'salary', amount: 300_000 }],
    housingCosts: { maintenance: 5_000, utilities: 20_000, communication: 1_500, capitalRepair: 1_000, rent: 0 },
    documents: COMPLETE_DOCUMENTS,
    consent: { given: true, formVersion: '2024-1', signedFormTaken: true },
    ...overrides,
  };
  // The state registers (§11) know this family as it declares itself, the civil registry its relations
  // too; a test that wants them to differ enrols again.
  enrol(declaredRecords(built));
  return built;
}
