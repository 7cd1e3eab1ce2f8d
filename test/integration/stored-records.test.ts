import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { pino } from 'pino';
import request from 'supertest';
import { createApp } from '../../src/api/app.js';
import { applicantKey } from '../../src/domain/iin.js';
import { appKey, Applications, breachesKey, resultField, type Owner } from '../../src/store/applications.js';
import { UnreadableRecordError } from '../../src/store/stored.js';
import { dossier, freshIin } from '../support/fixtures.js';
import { testApi } from '../support/api.js';
import { problemType } from '../../src/api/respond.js';

/**
 * What the store reads back from Redis is parsed by its schema, never cast: a record an older release,
 * a hand edit or damage left in another shape is an UnreadableRecordError naming its key and field,
 * and the API answers 503 for that one application and lists the others.
 */
const api = testApi();
afterAll(() => api.close());

async function stored(owner: Owner): Promise<string> {
  const id = randomUUID();
  await api.applications.create(id, dossier(), new Date().toISOString(), owner);
  return id;
}

describe('an application read back from Redis', () => {
  const owner: Owner = `centre:stored-records-${randomUUID().slice(0, 8)}`;
  const applications = new Applications(api.redis);

  it('is refused, naming its key and field, when its dossier is not in the dossier’s shape', async () => {
    const id = await stored(owner);
    const d = dossier();
    await api.redis.hset(appKey(id), 'dossier', JSON.stringify({ ...d, household: { ...d.household, areaM2: '54' } }));
    const read = applications.get(id);
    await expect(read).rejects.toThrow(UnreadableRecordError);
    await expect(read).rejects.toThrow(new RegExp(`app:${id}.*dossier\\.household\\.areaM2`));
    await expect(applications.dossier(id)).rejects.toThrow(/household\.areaM2/);
  });

  it('is refused without quoting what is stored when a field is not JSON', async () => {
    const id = await stored(owner);
    const iin = freshIin();
    await api.redis.hset(appKey(id), 'dossier', `{"applicant":{"iin":"${iin}"`);
    const error = await applications.get(id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnreadableRecordError);
    expect((error as UnreadableRecordError).message).toMatch(/dossier: not JSON/);
    expect((error as UnreadableRecordError).message).not.toContain(iin);
  });

  it('is refused when its status, owner or a breach is not one this release knows', async () => {
    const a = await stored(owner);
    await api.redis.hset(appKey(a), 'status', 'archived');
    await expect(applications.get(a)).rejects.toThrow(/status/);
    const b = await stored(owner);
    await api.redis.rpush(breachesKey(b), JSON.stringify({ element: 'Timer_Step4' }));
    await expect(applications.get(b)).rejects.toThrow(new RegExp(`app:${b}:breaches.*limit`));
    const c = await stored(owner);
    await api.redis.hset(appKey(c), 'owner', 'somebody');
    await expect(applications.facts(c)).resolves.toMatchObject({ id: c });
    await expect(applications.get(c)).rejects.toThrow(/owner/);
  });

  it('is refused as unreadable when a step result is in another shape', async () => {
    const id = await stored(owner);
    await api.redis.hset(appKey(id), resultField('registration'), JSON.stringify({ number: 'BOS-2026-000001' }));
    await expect(applications.get(id)).rejects.toThrow(UnreadableRecordError);
    await expect(applications.get(id)).rejects.toThrow(/result:registration.*step 'registration'.*sequence/);
  });

  it('of an owner with one damaged application lists the others and reports the damaged one', async () => {
    const mine: Owner = `centre:stored-records-${randomUUID().slice(0, 8)}`;
    const good = await stored(mine);
    const bad = await stored(mine);
    await api.redis.hset(appKey(bad), 'dossier', 'garbage');
    const { records, unreadable } = await applications.listOwned(mine);
    expect(records.map((r) => r.id)).toEqual([good]);
    expect(unreadable.map((u) => u.id)).toEqual([bad]);
    expect(unreadable[0].error.key).toBe(appKey(bad));
  });
});

describe('the API over a damaged application', () => {
  const lines: Array<Record<string, unknown>> = [];
  let app: ReturnType<typeof createApp>;
  let session: { Authorization: string };
  let owner: Owner;
  const iin = freshIin();

  beforeAll(async () => {
    const log = pino(
      { level: 'info' },
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
          done();
        },
      }),
    );
    app = createApp({ config: api.config, redis: api.redis, engine: api.apiEngine, intake: api.intake, log });
    session = await api.asApplicant(iin);
    owner = `applicant:${applicantKey(iin, api.config.APPLICANT_KEY_SECRET)}`;
  });

  it('answers 503 for that application with a log line naming its key, and lists the others', async () => {
    const good = await stored(owner);
    const bad = await stored(owner);
    await api.redis.hset(appKey(bad), 'createdAt', '');

    const one = await request(app).get(`/applications/${bad}`).set(session);
    expect(one.status).toBe(503);
    expect(one.body).toMatchObject({ type: problemType('record-unreadable'), status: 503 });
    expect(JSON.stringify(one.body)).not.toContain('createdAt');
    expect(lines).toContainEqual(expect.objectContaining({ event: 'unreadable-record', key: appKey(bad), level: 50 }));
    expect(JSON.stringify(lines)).not.toContain(iin);

    expect((await request(app).get(`/applications/${good}`).set(session)).status).toBe(200);
    const list = await request(app).get('/applications').set(session);
    expect(list.status).toBe(200);
    expect(list.body.applications.map((a: { id: string }) => a.id)).toEqual([good]);
    expect(list.body.unreadable).toEqual([{ id: bad, statusUrl: expect.stringContaining(`/applications/${bad}`) }]);
  });

  it("another caller gets the 404 of an unknown id for someone's damaged record, and raises no alert", async () => {
    const bad = await stored(owner);
    await api.redis.hset(appKey(bad), 'createdAt', '');
    const stranger = await api.asApplicant(freshIin());
    const before = lines.length;
    const seen = await request(app).get(`/applications/${bad}`).set(stranger);
    expect(seen.status).toBe(404);
    expect(seen.body).toMatchObject({ type: problemType('not-found'), status: 404 });
    expect(lines.slice(before).filter((l) => l.event === 'unreadable-record')).toEqual([]);
  });
});
