import { expect, it } from '@jest/globals';
import registration from '../../workers/registration.js';
import resolution from '../../workers/resolution.js';
import commissionTransfer from '../../workers/commission-transfer.js';
import { dossier } from '../support/fixtures.js';
import { memoryApplication, runStep } from '../support/memory-effects.js';
import { counterKey } from '../../src/store/step-effects.js';

const receivedAt = '2026-03-02T05:00:00.000Z';
const accepted = { intake: { complete: true, missing: [], expired: [], unknown: [], checkedAt: receivedAt } };

it('step 1: takes the district-and-year number once; a second delivery of the task keeps it', async () => {
  const app = memoryApplication(dossier({ address: { district: 'medeu', line: 'ул. Достык, 5' } }), accepted);
  const first = await runStep(registration, app, { variables: { receivedAt } });
  expect(first).toEqual({ kind: 'complete', variables: { registrationNumber: 'MED-2026-000001' } });
  expect(await runStep(registration, app, { variables: { receivedAt } })).toEqual(first);
  expect(app.counters.get(counterKey({ of: 'registration', district: 'medeu', year: 2026 }))).toBe(1);
  expect(app.results.registration).toMatchObject({ number: 'MED-2026-000001', sequence: 1 });
});

it("step 1: an application received at 23:30 UTC on 31 December is numbered in Almaty's new year", async () => {
  const app = memoryApplication(dossier({ address: { district: 'medeu', line: 'ул. Достык, 5' } }), accepted);
  const outcome = await runStep(registration, app, { variables: { receivedAt: '2026-12-31T23:30:00.000Z' } });
  expect(outcome).toEqual({ kind: 'complete', variables: { registrationNumber: 'MED-2027-000001' } });
});

it('step 1: a task without its receipt time fails as a technical fault, naming the variable', async () => {
  const outcome = await runStep(registration, memoryApplication(dossier()), { variables: {} });
  expect(outcome).toMatchObject({ kind: 'failure', retries: 2 });
  expect(outcome.kind === 'failure' && outcome.errorMessage).toMatch(/receivedAt/);
});

it('step 1 registers only what intake accepted: a token that reached it around the checks is an incident, unnumbered', async () => {
  const centre = memoryApplication(dossier());
  const outcome = await runStep(registration, centre, { variables: { receivedAt } });
  expect(outcome.kind === 'failure' && outcome.message).toMatch(/not accepted at intake/);
  const portal = memoryApplication(dossier({ channel: 'portal' }), {
    ...accepted,
    authorization: { authorized: true },
    eds: { edsValid: false, problems: ['signature-invalid'] },
    documents: { complete: true, missing: [], expired: [], unknown: [], files: [], documentsConform: true },
  });
  const refused = await runStep(registration, portal, { variables: { receivedAt } });
  expect(refused.kind === 'failure' && refused.message).toMatch(/condition 2 \(EDS, §12\) has not passed$/);
  expect([...centre.counters.values(), ...portal.counters.values()]).toEqual([]);
  expect(portal.results.registration).toBeUndefined();
});

it('step 2: designates the district’s specialists in turn', async () => {
  let shared = new Map<string, number>();
  const specialists = [];
  for (let i = 0; i < 4; i++) {
    const app = memoryApplication(dossier({ address: { district: 'medeu', line: 'ул. Достык, 5' } }));
    // The turn is the district's: share the counters between applications as Redis does.
    if (i > 0) for (const [k, v] of shared) app.counters.set(k, v);
    const outcome = await runStep(resolution, app);
    shared = app.counters;
    specialists.push(outcome.kind === 'complete' && outcome.variables.responsibleSpecialist);
  }
  expect(specialists).toEqual(['MED-S01', 'MED-S02', 'MED-S01', 'MED-S02']);
});
it('step 3: records the transfer to the commission under the registration number', async () => {
  const app = memoryApplication(dossier());
  const now = new Date('2026-03-03T04:00:00Z');
  expect(
    await runStep(commissionTransfer, app, {
      now,
      variables: { registrationNumber: 'BOS-2026-000007', responsibleSpecialist: 'BOS-S02' },
    }),
  ).toEqual({ kind: 'complete', variables: {} });
  expect(app.results.transfer).toEqual({
    caseNumber: 'BOS-2026-000007',
    by: 'BOS-S02',
    transferredAt: now.toISOString(),
  });
});
