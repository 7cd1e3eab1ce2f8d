import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { StepResultError } from '../../src/domain/step-results.js';
import type { Dossier } from '../../src/domain/application.js';
import type { RecordedBreach, StepName, StepResults } from '../../src/domain/steps.js';
import { appKey, Applications, AUDIT_STREAM, resultField } from '../../src/store/applications.js';
import { Ledger } from '../../src/store/ledger.js';
import { UnreadableRecordError } from '../../src/store/stored.js';
import { redisStepEffects, type ApplicationFacts, type StepEffects } from '../../src/store/step-effects.js';
import { Trays } from '../../src/store/trays.js';
import { COMPLETE_DOCUMENTS, dossier } from '../support/fixtures.js';
import { redis } from '../support/harness.js';
import { MemoryEffects } from '../support/memory-effects.js';

/**
 * The contract of a step's effects, run against the Redis store and against the in-memory double the
 * workers' unit tests use: what one implementation does, the other must do too.
 */
interface Subject {
  effects(task?: string): StepEffects;
  /** The dossier the subject was made with (one electronic copy, with its content) and where it came in. */
  submittedDossier: Dossier;
  facts: ApplicationFacts;
  cabinet(account: string): Promise<unknown[]>;
  outTray(centre: string): Promise<unknown[]>;
  status(): Promise<string | undefined>;
  breaches(): Promise<RecordedBreach[]>;
  /** The audit entries steps wrote for the application: what and what was found. */
  audit(): Promise<Array<{ action: string; detail: string }>>;
}

/**
 * No real centre owns this file's applications: some hold results in shapes this release refuses, and a
 * later file listing a centre's applications (GET /applications) would read them.
 */
const OWNER = `centre:step-effects-${randomUUID().slice(0, 8)}` as const;

const counted = z.object({ n: z.number() });

let connection: Redis;
beforeAll(() => {
  connection = redis();
});
afterAll(() => connection.quit());

/** A dossier with an electronic copy, whose content the steps but condition 3 never read. */
function dossierWithCopy(): Dossier {
  return dossier({
    documents: [
      ...COMPLETE_DOCUMENTS,
      { type: 'lease-agreement', file: { mediaType: 'application/pdf', content: 'JVBERi0xLjQKJcfsj6IK' } },
    ],
  });
}

const acceptedBy = { centre: 'con-bostandyk', centreName: 'ЦОН Бостандыкского района', operator: 'op-7' };

async function redisSubject(): Promise<Subject> {
  const applications = new Applications(connection);
  const ledger = new Ledger(connection);
  const id = randomUUID();
  const d = dossierWithCopy();
  const createdAt = new Date().toISOString();
  await applications.create(id, d, createdAt, OWNER, undefined, {
    acceptedBy: JSON.stringify(acceptedBy),
  });
  const processInstanceId = randomUUID();
  return {
    effects: (task = 'activity-1') =>
      redisStepEffects(ledger, applications, {
        applicationId: id,
        processInstanceId,
        activityInstanceId: task,
        topic: 'test',
      }),
    submittedDossier: d,
    facts: {
      id,
      channel: d.channel,
      district: d.address.district,
      createdAt,
      acceptedBy,
      centre: OWNER.slice('centre:'.length),
    },
    cabinet: (account) => new Trays(connection).cabinet(account),
    outTray: (centre) => new Trays(connection).outTray(centre),
    status: async () => (await applications.get(id))?.status,
    breaches: async () => (await applications.get(id))?.breaches ?? [],
    audit: async () =>
      (await connection.xrange(AUDIT_STREAM, '-', '+'))
        .map(([, fields]) => Object.fromEntries(fields.flatMap((f, i) => (i % 2 ? [] : [[f, fields[i + 1]]]))))
        .filter((e) => e.applicationId === id)
        .map((e) => {
          // Who wrote it and when are the Redis store's own: the task's topic and the time.
          expect(e.actor).toBe('worker:test');
          expect(Date.parse(e.at)).not.toBeNaN();
          return { action: e.action, detail: e.detail };
        }),
  };
}

function memorySubject(): Subject {
  const d = dossierWithCopy();
  const facts: ApplicationFacts = {
    id: 'app-1',
    channel: d.channel,
    district: d.address.district,
    createdAt: new Date().toISOString(),
    acceptedBy,
    centre: OWNER.slice('centre:'.length),
  };
  const byTask = new Map<string, MemoryEffects>();
  // One application; the ledger is per task, so each task of the double starts from the shared state.
  const shared = new MemoryEffects({ ...facts, dossier: d });
  return {
    effects: (task = 'activity-1') => {
      if (!byTask.has(task)) byTask.set(task, task === 'activity-1' ? shared : shared.forTask());
      return byTask.get(task)!;
    },
    submittedDossier: d,
    facts,
    cabinet: async (account) => shared.cabinet.get(account) ?? [],
    outTray: async (centre) => shared.outTray.get(centre) ?? [],
    status: async () => shared.status,
    breaches: async () => shared.breaches,
    audit: async () => shared.audit,
  };
}

describe.each([
  ['Redis', redisSubject],
  ['in memory', async () => memorySubject()],
])('step effects (%s)', (_name, make) => {
  it("records one run's result with its status and posts once, however often the task runs", async () => {
    const subject = await make();
    const account = `acc-${randomUUID()}`;
    const message = (n: number) => ({
      applicationId: 'x',
      kind: 'refusal' as const,
      at: '2026-03-02T05:00:00.000Z',
      text: { kk: `бас тарту ${n}`, ru: `отказ ${n}` },
    });
    // Each run brings a result and a message of its own, so "the first is kept" differs from "each keeps its own".
    const runs = await Promise.all(
      [1, 2, 3].map((n) =>
        subject
          .effects()
          .record(
            'authorization',
            { authorized: false, reason: { kk: `run ${n}`, ru: `run ${n}` } },
            { status: 'authorization-refused', toCabinet: { account, message: message(n) } },
          ),
      ),
    );
    const first = runs.filter((r) => !r.replayed);
    expect(first).toHaveLength(1);
    const n = Number(first[0].result.reason!.ru.slice('run '.length));
    const kept = { authorized: false, reason: { kk: `run ${n}`, ru: `run ${n}` } };
    expect(runs.map((r) => r.result)).toEqual([kept, kept, kept]);
    expect(await subject.cabinet(account)).toEqual([message(n)]);
    expect(await subject.status()).toBe('authorization-refused');
    expect(await subject.effects().stepResult('authorization')).toEqual(kept);
  });

  it('reads the dossier with each electronic copy described, the submitted request with its content', async () => {
    const subject = await make();
    const copy = subject.submittedDossier.documents.at(-1)!;
    expect(await subject.effects().submitted()).toEqual(subject.submittedDossier);
    const read = await subject.effects().dossier();
    expect(read).toEqual({
      ...subject.submittedDossier,
      documents: [
        ...subject.submittedDossier.documents.slice(0, -1),
        { ...copy, file: { mediaType: 'application/pdf', bytes: 15 } },
      ],
    });
    expect(JSON.stringify(read)).not.toContain(copy.file!.content!);
  });

  it('tells where and when the application came in, and who accepted it', async () => {
    const subject = await make();
    expect(await subject.effects().application()).toEqual(subject.facts);
    expect((await subject.effects('another').application()).acceptedBy).toEqual(acceptedBy);
  });

  it('records a breach once per task; another task records its own', async () => {
    const subject = await make();
    const breach = (limit: string) => ({ element: 'Timer_Step4', limit, recordedAt: '2026-03-02T05:00:00.000Z' });
    const runs = await Promise.all(['P1D', 'P2D'].map((limit) => subject.effects().recordBreach(breach(limit))));
    expect(runs.filter((r) => !r.replayed)).toHaveLength(1);
    const kept = runs.find((r) => !r.replayed)!.result;
    expect(runs.map((r) => r.result)).toEqual([kept, kept]);
    expect(await subject.breaches()).toEqual([kept]);
    await subject.effects('a later timer').recordBreach(breach('P10D'));
    expect(await subject.breaches()).toEqual([kept, breach('P10D')]);
  });

  it("writes a step's audit entries with its result, once", async () => {
    const subject = await make();
    const audit = [
      { action: 'family-checked', detail: 'members=2' },
      { action: 'income-counted', detail: 'quarter=300000' },
    ];
    const result = { number: 'BOS-2026-000001', sequence: 1, registeredAt: '2026-03-02T05:00:00.000Z' };
    await subject.effects().record('registration', result, { audit });
    await subject.effects().record('registration', result, { audit: [{ action: 'again', detail: 'x' }] });
    expect(await subject.audit()).toEqual(audit);
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
      subject.effects().askOnce('q', counted, async () => Promise.reject(new Error(`down ${++asked}`))),
    ).rejects.toThrow('down 1');
    const answer = await subject.effects().askOnce('q', counted, async () => ({ n: ++asked }));
    const again = await subject.effects().askOnce('q', counted, async () => ({ n: ++asked }));
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
    await applications.create(id, dossier(), new Date().toISOString(), OWNER);
    // A decision in a shape this release does not write: no `by`, the amount as text.
    await connection.hset(
      appKey(id),
      resultField('decision'),
      JSON.stringify({ outcome: 'assigned', amount: '12000', decidedAt: '2026-03-02T05:00:00.000Z' }),
    );
    await expect(applications.result(id, 'decision')).rejects.toThrow(/step 'decision'.*amount.*by/);
    await expect(applications.get(id)).rejects.toThrow(UnreadableRecordError);
  });

  it('drops fields its step does not know, and skips results of steps this release does not have', async () => {
    const applications = new Applications(connection);
    const id = randomUUID();
    await applications.create(id, dossier(), new Date().toISOString(), OWNER);
    const resolution = { specialist: 'spec-bostandyk-1', resolvedAt: '2026-03-02T05:00:00.000Z' };
    await connection.hset(appKey(id), resultField('resolution'), JSON.stringify({ ...resolution, draft: true }));
    await connection.hset(appKey(id), resultField('retired-step' as StepName), JSON.stringify({ any: 1 }));
    expect(await applications.result(id, 'resolution')).toEqual(resolution);
    expect((await applications.get(id))?.results).toEqual({ resolution });
  });
});
