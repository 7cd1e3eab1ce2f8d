import { expect, it } from '@jest/globals';
import type { Answer, StateSource } from '../../src/domain/state-data.js';
import type { Question, StateGateway } from '../../src/gateway/state-gateway.js';
import notification from '../../workers/notification.js';
import stateData from '../../workers/state-data.js';
import { dossier, makeIin } from '../support/fixtures.js';
import { memoryApplication, runStep } from '../support/memory-effects.js';
import { reroutedNote } from '../../src/domain/districts.js';
import { bilingual, unconfirmedMember } from '../../src/domain/messages.js';

/**
 * A gateway that answers from the declared family, with one register that fails `failures` times; the
 * civil registry knows the applicant married to `spouse` and, besides, a former spouse and a parent.
 */
function gateway(
  d: ReturnType<typeof dossier>,
  failing?: { source: StateSource; failures: number },
  spouse = d.familyMembers[0]?.iin,
): StateGateway & { asked: Question[] } {
  const asked: Question[] = [];
  let failures = failing?.failures ?? 0;
  return {
    asked,
    async ask<S extends StateSource>(q: Question<S>): Promise<Answer<S>> {
      asked.push(q);
      if (failing?.source === q.source && failures-- > 0) throw new Error(`${q.source} answered HTTP 503`);
      const records: Record<StateSource, unknown> = {
        'civil-registry': {
          marriages: [
            ...(spouse ? [{ spouseIin: spouse, dissolved: false }] : []),
            { spouseIin: makeIin(9900), dissolved: true },
          ],
          parents: [makeIin(9950)],
          children: [],
        },
        identity: { fullName: d.applicant.fullName },
        'real-estate': { dwellings: [{ district: d.address.district, line: d.address.line }] },
        address: { district: d.address.district, line: d.address.line, permanent: true },
        'social-payments': { periodTotal: 0 },
        'business-income': { periodTotal: 360_000 },
        alimony: { periodTotal: 0 },
        unemployed: { registered: false },
      };
      return { found: true, record: records[q.source] } as Answer<S>;
    },
  };
}

const SPOUSE_ONLY = (d: ReturnType<typeof dossier>) => ({ ...d, familyMembers: d.familyMembers.slice(0, 1) });

it('§11: asks the registers, and the verified income replaces the declared one, listed as a difference', async () => {
  const d = SPOUSE_ONLY(dossier({ incomes: [{ source: 'business', amount: 300_000 }] }));
  const app = memoryApplication(d);
  const g = gateway(d);
  const outcome = await runStep(stateData, app, {
    variables: { receivedAt: '2026-03-02T05:00:00.000Z' },
    services: { stateGateway: () => g },
  });
  expect(outcome).toMatchObject({ kind: 'complete', variables: { stateDataDifferences: 1 } });
  // The spouse's answers (360 000 of business income too) are the family's.
  expect(app.results.stateData!.verification.periodIncome).toBe(720_000);
  expect(app.audit).toEqual([{ action: 'state-data-difference', detail: expect.stringContaining('720000') }]);
  // No IIN in what the gateway's log can see of us beyond the question itself.
  expect(g.asked.every((q) => q.requestId.startsWith('app-1/'))).toBe(true);
});

it('§11: the civil registry first; a member it does not confirm is asked about nowhere, and other relatives are not kept', async () => {
  const d = dossier();
  const [spouse, child] = d.familyMembers.map((m) => m.iin!);
  const app = memoryApplication(d);
  const g = gateway(d);
  const outcome = await runStep(stateData, app, {
    variables: { receivedAt: '2026-03-02T05:00:00.000Z' },
    services: { stateGateway: () => g },
  });
  expect(outcome).toMatchObject({ kind: 'complete' });
  expect(g.asked[0]).toMatchObject({ source: 'civil-registry', iin: d.applicant.iin });
  expect(g.asked.filter((q) => q.source === 'civil-registry')).toHaveLength(1);
  expect(g.asked.filter((q) => q.iin === spouse).map((q) => q.source)).toHaveLength(4);
  expect(g.asked.filter((q) => q.iin === child)).toEqual([]);
  const { answers, verification } = app.results.stateData!;
  expect(answers.find((a) => a.source === 'civil-registry')!.answer).toEqual({
    found: true,
    record: { marriages: [{ spouseIin: spouse, dissolved: false }], parents: [], children: [] },
  });
  expect(verification.family).toEqual({ counted: 2, unconfirmed: [2] });
  expect(verification.findings).toContainEqual(bilingual(unconfirmedMember(2, 'child', 'no-record-child')));
});

it('§11: a failing register fails the task; the next delivery asks only what was not answered', async () => {
  const d = dossier();
  const app = memoryApplication(d);
  const g = gateway(d, { source: 'social-payments', failures: 1 });
  const run = () =>
    runStep(stateData, app, {
      variables: { receivedAt: '2026-03-02T05:00:00.000Z' },
      services: { stateGateway: () => g },
    });
  const failed = await run();
  expect(failed).toMatchObject({ kind: 'failure', retries: 2 });
  expect(failed.kind === 'failure' && failed.message).toMatch(/social-payments answered HTTP 503/);
  const firstRound = g.asked.length;
  expect(await run()).toMatchObject({ kind: 'complete' });
  const perPersonOrOnce = g.asked.slice(firstRound).map((q) => q.source);
  expect(perPersonOrOnce).toEqual(['social-payments']);
});

it('§1: a permanent registration in another district re-routes the case there, once; the notification is that department’s', async () => {
  const d = SPOUSE_ONLY(dossier());
  const registration = { number: 'BOS-2026-000004', sequence: 4, registeredAt: '2026-03-02T05:10:00.000Z' };
  const app = memoryApplication(d, { registration });
  const g = gateway(d);
  const registeredInAlmaly: StateGateway = {
    async ask<S extends StateSource>(q: Question<S>): Promise<Answer<S>> {
      if (q.source !== 'address') return g.ask(q);
      return { found: true, record: { district: 'almaly', line: 'пр. Абая, 1', permanent: true } } as Answer<S>;
    },
  };
  const run = () =>
    runStep(stateData, app, {
      variables: { receivedAt: '2026-03-02T05:00:00.000Z' },
      services: { stateGateway: () => registeredInAlmaly },
    });
  const outcome = await run();
  expect(outcome).toMatchObject({ kind: 'complete', variables: { district: 'almaly' } });
  expect(await app.application()).toMatchObject({ district: 'almaly', declaredDistrict: 'bostandyk' });
  expect(app.audit).toContainEqual({
    action: 'rerouted',
    detail: reroutedNote('bostandyk', 'almaly'),
  });
  // Delivered again: the same answer, nothing recorded twice.
  expect(await run()).toEqual(outcome);
  expect(app.audit.filter((a) => a.action === 'rerouted')).toHaveLength(1);

  const later = app.forTask();
  later.results.decision = {
    outcome: 'refused',
    ground: 'not-only-dwelling',
    decidedAt: '2026-03-05T06:00:00.000Z',
    by: 'commission',
    minutes: { number: '12', date: '2026-03-05' },
  };
  await runStep(notification, later);
  const { text } = later.results.notification!;
  expect(text.ru).toContain('Отдел занятости и социальных программ: Алмалинский район');
  // Step 1's number keeps the declared district's code.
  expect(text.ru).toContain('BOS-2026-000004');
});

it('§1: registered where declared, the case stays: the same district, no declared one kept', async () => {
  const d = SPOUSE_ONLY(dossier());
  const app = memoryApplication(d);
  const outcome = await runStep(stateData, app, {
    variables: { receivedAt: '2026-03-02T05:00:00.000Z' },
    services: { stateGateway: () => gateway(d) },
  });
  expect(outcome).toMatchObject({ kind: 'complete', variables: { district: 'bostandyk' } });
  expect((await app.application()).declaredDistrict).toBeUndefined();
  expect(app.audit.map((a) => a.action)).not.toContain('rerouted');
});
