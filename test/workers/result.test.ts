import { expect, it } from '@jest/globals';
import type { StepResults } from '../../src/domain/steps.js';
import type { StepServices } from '../../src/runtime/worker.js';
import deadlineBreach from '../../workers/deadline-breach.js';
import delivery from '../../workers/delivery.js';
import notification from '../../workers/notification.js';
import { dossier } from '../support/fixtures.js';
import { memoryApplication, runStep, shippedSettings } from '../support/memory-effects.js';

const decided: Partial<StepResults> = {
  registration: { number: 'BOS-2026-000003', sequence: 3, registeredAt: '2026-03-02T05:10:00.000Z' },
  decision: {
    outcome: 'refused',
    ground: 'not-only-dwelling',
    decidedAt: '2026-03-05T06:00:00.000Z',
    by: 'commission',
    minutes: { number: '12', date: '2026-03-05' },
  },
};

it('step 5: the notification names the ground from the regulation, in Kazakh and Russian', async () => {
  const app = memoryApplication(dossier(), decided);
  expect(await runStep(notification, app)).toEqual({ kind: 'complete', variables: {} });
  const { text, outcome } = app.results.notification!;
  expect(outcome).toBe('refused');
  expect(text.ru).toContain('BOS-2026-000003');
  expect(text.kk).toContain('жалғыз');
});

it("step 5: a decision taken at 23:30 UTC on 31 December is dated in Almaty's 1 January", async () => {
  const app = memoryApplication(dossier(), {
    ...decided,
    decision: {
      outcome: 'refused',
      ground: 'not-only-dwelling',
      decidedAt: '2026-12-31T23:30:00.000Z',
      by: 'calculation',
    },
  });
  await runStep(notification, app);
  expect(app.results.notification!.text.ru).toContain('BOS-2026-000003, 2027-01-01.');
});

it('step 5: a notification before the decision is a fault', async () => {
  expect(
    await runStep(notification, memoryApplication(dossier(), { registration: decided.registration })),
  ).toMatchObject({
    kind: 'failure',
  });
});

it('delivery: a State Corporation application goes to its centre’s out-tray once, and the term is met then', async () => {
  const app = memoryApplication(dossier(), decided);
  await runStep(notification, app);
  const now = new Date('2026-03-06T04:00:00Z');
  const services = { signAsProvider: recordingSigner().signAsProvider };
  const first = await runStep(delivery, app, { now, services });
  expect(first).toEqual({ kind: 'complete', variables: { resultDeliveredAt: now.toISOString() } });
  expect(
    await runStep(delivery, app, {
      now: new Date('2026-03-06T05:00:00Z'),
      services,
    }),
  ).toEqual(first);
  expect(app.outTray.get('con-bostandyk')).toEqual([
    expect.objectContaining({ kind: 'notification', registrationNumber: 'BOS-2026-000003' }),
  ]);
  expect(app.status).toBe('refused');
});

/** A stand-in signer that keeps what it was asked to sign; the real one is tested in unit/provider-signer.test.ts. */
function recordingSigner() {
  const asked: Array<{ district: string; fields: Record<string, unknown> }> = [];
  const signAsProvider: StepServices['signAsProvider'] = async (district, fields) => {
    asked.push({ district, fields });
    const signedBy = { district, bin: '170040000004', official: 'Official' };
    return {
      content: JSON.stringify({ ...fields, signedBy }),
      signature: 'c2lnbmF0dXJl',
      mediaType: 'application/json',
      signedBy,
    };
  };
  return { asked, signAsProvider };
}

it("delivery: a portal result is a document signed by its district's department, in the cabinet (§14)", async () => {
  const app = memoryApplication(dossier({ channel: 'portal' }), decided);
  await runStep(notification, app);
  const signer = recordingSigner();
  await runStep(delivery, app, { services: { signAsProvider: signer.signAsProvider } });
  expect(signer.asked.map((a) => a.district)).toEqual([app.facts.district]);
  const [message] = app.cabinet.get('acc-1')!;
  expect(message.document?.signedBy).toEqual(expect.objectContaining({ district: app.facts.district }));
  expect(JSON.parse(message.document!.content)).toMatchObject({
    applicationId: 'app-1',
    registrationNumber: 'BOS-2026-000003',
    outcome: 'refused',
  });
});

it("delivery: the State Corporation's out-tray copy is signed too (§3: the result is electronic)", async () => {
  const app = memoryApplication(dossier(), decided);
  await runStep(notification, app);
  const signer = recordingSigner();
  await runStep(delivery, app, { services: { signAsProvider: signer.signAsProvider } });
  expect(signer.asked).toEqual([
    { district: app.facts.district, fields: expect.objectContaining({ outcome: 'refused', applicationId: 'app-1' }) },
  ]);
  const [item] = app.outTray.get('con-bostandyk')!;
  expect(item.document?.signedBy.district).toBe(app.facts.district);
  expect(JSON.parse(item.document!.content).text).toEqual(app.results.notification!.text);
});

it('a breached limit is recorded once per task, with the limit the regulation sets for the element', async () => {
  const app = memoryApplication(dossier());
  const variables = { breachedElement: 'Task_Registration' };
  await runStep(deadlineBreach, app, { variables });
  await runStep(deadlineBreach, app, { variables });
  expect(app.breaches).toEqual([{ element: 'Task_Registration', limit: 'PT20M', recordedAt: expect.any(String) }]);
});

it('the breach takes its limit from the regulation, not from a limit the diagram passes: a changed regulation is followed', async () => {
  const settings = shippedSettings();
  const regulation = {
    ...settings.regulation,
    steps: settings.regulation.steps.map((s) => (s.element === 'Task_Registration' ? { ...s, limit: 'PT25M' } : s)),
  };
  const app = memoryApplication(dossier());
  await runStep(deadlineBreach, app, {
    variables: { breachedElement: 'Task_Registration', limit: 'PT20M' },
    settings: { ...settings, regulation },
  });
  expect(app.breaches.map((b) => b.limit)).toEqual(['PT25M']);
});

it("the whole term's breach (§6) is recorded on the process with the term's limit", async () => {
  const app = memoryApplication(dossier());
  await runStep(deadlineBreach, app, { variables: { breachedElement: 'housing-assistance' } });
  expect(app.breaches.map((b) => [b.element, b.limit])).toEqual([['housing-assistance', 'P10D']]);
});

it('a breach of an element the regulation gives no limit is a fault, and nothing is recorded', async () => {
  const app = memoryApplication(dossier());
  const outcome = await runStep(deadlineBreach, app, { variables: { breachedElement: 'Task_StateData' } });
  expect(outcome.kind === 'failure' && outcome.message).toMatch(
    /Task_StateData is neither a step with a time limit in the regulation nor the process housing-assistance/,
  );
  expect(app.breaches).toEqual([]);
});

it("delivery: the centre is the one on the application's record; a process variable naming another is not read", async () => {
  const app = memoryApplication(dossier(), decided, { centre: 'con-almaly' });
  await runStep(notification, app);
  await runStep(delivery, app, {
    variables: { serviceCentre: 'con-bostandyk' },
    services: { signAsProvider: recordingSigner().signAsProvider },
  });
  expect(app.outTray.get('con-bostandyk')).toBeUndefined();
  expect(app.outTray.get('con-almaly')).toEqual([expect.objectContaining({ kind: 'notification' })]);
});

it('delivery: a State Corporation application with no centre on its record fails, it is not sent anywhere', async () => {
  const app = memoryApplication(dossier(), decided, { centre: undefined });
  await runStep(notification, app);
  const outcome = await runStep(delivery, app);
  expect(outcome.kind === 'failure' && outcome.message).toMatch(/accepted by no State Corporation centre/);
  expect(app.outTray.size).toBe(0);
});
