import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Redis } from 'ioredis';
import { StepResultError } from '../../src/domain/step-results.js';
import type { StepName, StepResults } from '../../src/domain/steps.js';
import { appKey, Applications, resultField } from '../../src/store/applications.js';
import { Ledger } from '../../src/store/ledger.js';
import { redisStepEffects, type StepEffects } from '../../src/store/step-effects.js';
import { Trays } from '../../src/store/trays.js';
import { dossier } from '../support/fixtures.js';
import { redis } from '../support/harness.js';
import { MemoryEffects } from '../support/memory-effects.js';

/**
 * The contract of a step's effects, run against the Redis store and against the in-memory double the
 * workers' unit tests use: what one implementation does, the other must do too.
 */
interface Subject {
  effects(task?: string): StepEffects;
  cabinet(account: string): Promise<unknown[]>;
  outTray(centre: string): Promise<unknown[]>;
  status(): Promise<string | undefined>;
}

let connection: Redis;
beforeAll(() => {
  connection = redis();
});
afterAll(() => connection.quit());

async function redisSubject(): Promise<Subject> {
  const applications = new Applications(connection);
  const ledger = new Ledger(connection);
  const id = randomUUID();
  await applications.create(id, dossier(), new Date().toISOString(), 'centre:con-bostandyk');
  const processInstanceId = randomUUID();
  return {
    effects: (task = 'activity-1') =>
      redisStepEffects(ledger, applications, {
        applicationId: id,
        processInstanceId,
        activityInstanceId: task,
        topic: 'test',
      }),
    cabinet: (account) => new Trays(connection).cabinet(account),
    outTray: (centre) => new Trays(connection).outTray(centre),
    status: async () => (await applications.get(id))?.status,
  };
}

function memorySubject(): Subject {
  const d = dossier();
  const byTask = new Map<string, MemoryEffects>();
  // One application; the ledger is per task, so each task of the double starts from the shared state.
  const shared = new MemoryEffects({
    id: 'app-1',
    channel: d.channel,
    district: d.address.district,
    createdAt: new Date().toISOString(),
    dossier: d,
  });
  return {
    effects: (task = 'activity-1') => {
      if (!byTask.has(task)) byTask.set(task, task === 'activity-1' ? shared : shared.forTask());
      return byTask.get(task)!;
    },
    cabinet: async (account) => shared.cabinet.get(account) ?? [],
    outTray: async (centre) => shared.outTray.get(centre) ?? [],
    status: async () => shared.status,
  };
}

describe.each([
  ['Redis', redisSubject],
  ['in memory', async () => memorySubject()],
])('step effects (%s)', (_name, make) => {
  it('records a result with its status and posts once, however often the task runs', async () => {
    const subject = await make();
    const account = `acc-${randomUUID()}`;
    const message = {
      applicationId: 'x',
      kind: 'refusal' as const,
      at: '2026-03-02T05:00:00.000Z',
      text: { kk: 'бас тарту', ru: 'отказ' },
    };
    const runs = await Promise.all(
      [1, 2, 3].map((n) =>
        subject
          .effects()
          .record(
            'authorization',
            { authorized: n === 0 },
            { status: 'authorization-refused', toCabinet: { account, message } },
          ),
      ),
    );
    expect(runs.filter((r) => !r.replayed)).toHaveLength(1);
    expect(new Set(runs.map((r) => JSON.stringify(r.result))).size).toBe(1);
    expect(await subject.cabinet(account)).toHaveLength(1);
    expect(await subject.status()).toBe('authorization-refused');
    expect(await subject.effects().stepResult('authorization')).toEqual({ authorized: false });
  });

  it('gives a task one number, and the next task the next one', async () => {
    const subject = await make();
    const counter = {
      of: 'registration' as const,
      district: 'turksib' as const,
      year: 2000 + Math.floor(Math.random() * 1_000_000),
    };
    const first = await Promise.all([1, 2, 3].map(() => subject.effects('a').nextNumber(counter)));
    const second = await subject.effects('b').nextNumber(counter);
    expect(new Set(first)).toEqual(new Set([first[0]]));
    expect(second).toBe(first[0] + 1);
  });

  it('asks once per task; a failed question is asked again', async () => {
    const subject = await make();
    let asked = 0;
    await expect(
      subject.effects().askOnce('q', async () => Promise.reject(new Error(`down ${++asked}`))),
    ).rejects.toThrow('down 1');
    const answer = await subject.effects().askOnce('q', async () => ({ n: ++asked }));
    const again = await subject.effects().askOnce('q', async () => ({ n: ++asked }));
    expect(answer).toEqual({ result: { n: 2 }, replayed: false });
    expect(again).toEqual({ result: { n: 2 }, replayed: true });
  });

  it("refuses a result that does not match its step's schema, and changes nothing", async () => {
    const subject = await make();
    const malformed = { number: 'BOS-2026-000001', sequence: 1.5 } as unknown as StepResults['registration'];
    const refused = subject.effects().record('registration', malformed, { status: 'assigned' });
    await expect(refused).rejects.toThrow(StepResultError);
    await expect(refused).rejects.toThrow(/step 'registration'.*sequence.*registeredAt/);
    expect(await subject.effects().stepResult('registration')).toBeUndefined();
    expect(await subject.status()).not.toBe('assigned');
    const fixed = { number: 'BOS-2026-000001', sequence: 1, registeredAt: '2026-03-02T05:00:00.000Z' };
    expect(await subject.effects().record('registration', fixed)).toEqual({ result: fixed, replayed: false });
  });

  it('posts to the out-tray of the centre it names', async () => {
    const subject = await make();
    const centre = `con-${randomUUID().slice(0, 8)}`;
    const item = {
      applicationId: 'x',
      kind: 'notification' as const,
      at: '2026-03-02T05:00:00.000Z',
      text: { kk: 'хабарлама', ru: 'уведомление' },
    };
    await subject
      .effects()
      .record('delivery', { to: 'state-corporation', centre, deliveredAt: item.at }, { toOutTray: { centre, item } });
    expect(await subject.outTray(centre)).toHaveLength(1);
  });
});

describe('a stored step result read back', () => {
  it('is refused, naming its step and field, when an older release wrote it in another shape', async () => {
    const applications = new Applications(connection);
    const id = randomUUID();
    await applications.create(id, dossier(), new Date().toISOString(), 'centre:con-bostandyk');
    // A decision in a shape this release does not write: no `by`, the amount as text.
    await connection.hset(
      appKey(id),
      resultField('decision'),
      JSON.stringify({ outcome: 'assigned', amount: '12000', decidedAt: '2026-03-02T05:00:00.000Z' }),
    );
    await expect(applications.result(id, 'decision')).rejects.toThrow(/step 'decision'.*amount.*by/);
    await expect(applications.get(id)).rejects.toThrow(StepResultError);
  });

  it('drops fields its step does not know, and skips results of steps this release does not have', async () => {
    const applications = new Applications(connection);
    const id = randomUUID();
    await applications.create(id, dossier(), new Date().toISOString(), 'centre:con-bostandyk');
    const resolution = { specialist: 'spec-bostandyk-1', resolvedAt: '2026-03-02T05:00:00.000Z' };
    await connection.hset(appKey(id), resultField('resolution'), JSON.stringify({ ...resolution, draft: true }));
    await connection.hset(appKey(id), resultField('retired-step' as StepName), JSON.stringify({ any: 1 }));
    expect(await applications.result(id, 'resolution')).toEqual(resolution);
    expect((await applications.get(id))?.results).toEqual({ resolution });
  });
});
