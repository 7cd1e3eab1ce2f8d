import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Dossier } from '../../src/domain/application.js';
import { relationOf, type StateSource } from '../../src/domain/state-data.js';
import { startRegistries, type Fault, type PersonRecords } from '../../src/registries/service.js';
import { createLogger } from '../../src/platform/logger.js';
import type { Started } from '../../src/stack/stack.js';

const sum = (d: Dossier, kinds: string[]) =>
  d.incomes.filter((i) => kinds.includes(i.source)).reduce((a, i) => a + i.amount, 0);

/**
 * What the state registers would say of a family whose declaration is true: the civil registry has the
 * applicant's marriage to each declared spouse and the birth records of each declared child and parent.
 */
export function declaredRecords(d: Dossier): Record<string, PersonRecords> {
  const own = d.household.tenure === 'owner' ? [{ district: d.address.district, line: d.address.line }] : [];
  const other = d.household.onlyDwelling ? [] : [{ line: 'мкр. Другой, 1, кв. 1' }];
  const income = (kinds: string[]) => (sum(d, kinds) > 0 ? { periodTotal: sum(d, kinds) } : undefined);
  const applicant: PersonRecords = {
    identity: { fullName: d.applicant.fullName, documentValidUntil: '2035-01-01' },
    'real-estate': { dwellings: [...own, ...other] },
    ...(d.household.permanentlyRegistered
      ? { address: { district: d.address.district, line: d.address.line, permanent: true } }
      : {}),
    ...(income(['pension', 'social-payment']) ? { 'social-payments': income(['pension', 'social-payment']) } : {}),
    ...(income(['salary', 'business', 'other']) ? { 'business-income': income(['salary', 'business', 'other']) } : {}),
    ...(income(['alimony']) ? { alimony: income(['alimony']) } : {}),
    unemployed: { registered: false },
    'civil-registry': civilRecords(d),
  };
  return {
    [d.applicant.iin]: applicant,
    ...Object.fromEntries(d.familyMembers.filter((m) => m.iin).map((m) => [m.iin!, {}])),
  };
}

/** The applicant's civil records that confirm every declared member with an IIN and a relation one record proves. */
export function civilRecords(d: Dossier): NonNullable<PersonRecords['civil-registry']> {
  const of = (relation: string) =>
    d.familyMembers.filter((m) => m.iin && relationOf(m.relation) === relation).map((m) => m.iin!);
  return {
    marriages: of('spouse').map((spouseIin) => ({ spouseIin, dissolved: false })),
    parents: of('parent'),
    children: of('child'),
  };
}

/** Enrols people in this run's registries (synchronously: the fixtures stay plain functions). */
export function enrol(records: Record<string, PersonRecords>): void {
  const dir = process.env.REGISTRIES_ENROL_DIR;
  if (!dir) return;
  for (const [iin, record] of Object.entries(records)) writeFileSync(join(dir, `${iin}.json`), JSON.stringify(record));
}

const control = (path: string, init?: RequestInit) =>
  fetch(`${process.env.STATE_GATEWAY_URL}/_control${path}`, {
    headers: { 'content-type': 'application/json' },
    ...init,
  });

/** Makes one register slow or failing for one IIN (`times` requests, or until cleared). */
export async function setFault(iin: string, source: StateSource, fault: Fault): Promise<void> {
  const res = await control(`/faults/${iin}/${source}`, { method: 'PUT', body: JSON.stringify(fault) });
  if (res.status !== 204) throw new Error(`the registries refused the fault: ${res.status}`);
}

export async function clearFault(iin: string, source: StateSource): Promise<void> {
  await control(`/faults/${iin}/${source}`, { method: 'DELETE' });
}

/** How many questions each register got about an IIN. */
export async function requestCounts(iin: string): Promise<Record<StateSource, number>> {
  return (await control(`/requests/${iin}`)).json() as Promise<Record<StateSource, number>>;
}

/** How many questions about an IIN each register refused for their credentials. */
export async function refusalCounts(iin: string): Promise<Record<StateSource, number>> {
  return (await control(`/refusals/${iin}`)).json() as Promise<Record<StateSource, number>>;
}

/**
 * This process's registries service (the stand-in, with test controls and the fixtures' enrolments),
 * unless STATE_GATEWAY_URL names one; its URL goes in the environment the workers and daemons read.
 * The test run starts it with the development people and the run's token; bench and chaos bare.
 */
export async function ensureRegistries(
  options: { people?: Map<string, PersonRecords>; token?: string } = {},
): Promise<Started | null> {
  if (process.env.STATE_GATEWAY_URL) return null;
  process.env.REGISTRIES_ENROL_DIR = mkdtempSync(join(tmpdir(), 'ha-registries-'));
  const { url, server } = await startRegistries({
    people: options.people ?? new Map(),
    token: options.token,
    control: true,
    enrolDir: process.env.REGISTRIES_ENROL_DIR,
    port: 0,
    log: createLogger('registries', 'silent'),
  });
  server.unref();
  process.env.STATE_GATEWAY_URL = url;
  return { url, stop: () => new Promise((resolve) => server.close(() => resolve())) };
}
