import { expect, it } from '@jest/globals';
import intakeCheck from '../../workers/intake-check.js';
import refusalReceipt from '../../workers/refusal-receipt.js';
import { COMPLETE_DOCUMENTS, dossier } from '../support/fixtures.js';
import { memoryApplication, runStep } from '../support/memory-effects.js';
import { counterKey } from '../../src/store/step-effects.js';

it('A1: a complete set of documents is accepted', async () => {
  const app = memoryApplication(dossier());
  expect(await runStep(intakeCheck, app)).toEqual({ kind: 'complete', variables: { documentsComplete: true } });
  expect(app.results.intake).toMatchObject({ complete: true, missing: [], expired: [] });
});

it("A1': a missing document gives the Appendix 3 receipt in the centre's out-tray, numbered per district and year", async () => {
  const app = memoryApplication(
    dossier({ documents: COMPLETE_DOCUMENTS.filter((d) => d.type !== 'utility-bills') }),
    {},
    { acceptedBy: { centre: 'con-bostandyk', centreName: 'ЦОН Бостандыкского района', operator: 'OP-7' } },
  );
  expect(await runStep(intakeCheck, app)).toEqual({ kind: 'complete', variables: { documentsComplete: false } });
  expect(await runStep(refusalReceipt, app)).toEqual({
    kind: 'complete',
    variables: {},
  });
  expect(app.status).toBe('intake-refused');
  expect(app.results.receipt).toMatchObject({
    number: 'R-BOS-2026-000001',
    missing: ['utility-bills'],
    serviceCentre: 'ЦОН Бостандыкского района',
    operator: 'OP-7',
  });
  const [item] = app.outTray.get('con-bostandyk')!;
  expect(item).toMatchObject({ applicationId: 'app-1', kind: 'refusal-receipt' });
  expect(item.text.ru).toContain('R-BOS-2026-000001');
  // Delivered again: the same receipt, no second item.
  await runStep(refusalReceipt, app);
  expect(app.outTray.get('con-bostandyk')).toHaveLength(1);
  expect(app.counters.get(counterKey({ of: 'receipt', district: 'bostandyk', year: 2026 }))).toBe(1);
});

it("A1': without the intake check the receipt cannot be made", async () => {
  const outcome = await runStep(refusalReceipt, memoryApplication(dossier()), {});
  expect(outcome).toMatchObject({ kind: 'failure' });
  expect(outcome.kind === 'failure' && outcome.message).toMatch(/no intake check/);
});

it("A1 at 23:30 UTC on 31 December: a document valid until 31 December has expired, it is 1 January in Almaty; the receipt is of Almaty's new year", async () => {
  const now = new Date('2026-12-31T23:30:00Z');
  const documents = COMPLETE_DOCUMENTS.map((d) =>
    d.type === 'utility-bills' ? { ...d, validUntil: '2026-12-31' } : d,
  );
  const app = memoryApplication(dossier({ documents }), {}, { createdAt: now.toISOString() });
  expect(await runStep(intakeCheck, app, { now })).toEqual({
    kind: 'complete',
    variables: { documentsComplete: false },
  });
  expect(app.results.intake).toMatchObject({ expired: ['utility-bills'] });
  await runStep(refusalReceipt, app, { now });
  expect(app.results.receipt!.number).toBe('R-BOS-2027-000001');
  const [item] = app.outTray.get('con-bostandyk')!;
  expect(item.text.ru).toContain('2027-01-01');
  expect(item.text.ru).not.toContain('2026-12-31');
});
