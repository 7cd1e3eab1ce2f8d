import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createApp } from '../../src/api/app.js';
import { Intake } from '../../src/api/intake.js';
import { createLogger } from '../../src/platform/logger.js';
import { filesKey } from '../../src/store/applications.js';
import { connectRedis } from '../../src/store/redis.js';
import { submissionsKey } from '../../src/store/submission-limits.js';
import { API_MESSAGES } from '../../src/domain/messages.js';
import { asOperator, testApi } from '../support/api.js';
import { COMPLETE_DOCUMENTS, dossier, freshIin } from '../support/fixtures.js';
import { problemType } from '../../src/api/respond.js';

/** Abuse of the public port: bodies before the caller is known, floods of submissions, failures' details. */
let api: ReturnType<typeof testApi>;
let server: Server;
let port: number;
beforeAll(async () => {
  api = testApi();
  server = api.app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await api.close();
});

/**
 * Announces a 12 MB body, sends 4 KB of it and nothing more: the status the API answers, and after how
 * long, without the rest ever being sent.
 */
function announceHugeBody(headers: Record<string, string>): Promise<{ status: number; ms: number }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/applications',
        headers: { 'content-type': 'application/json', 'content-length': String(12 * 1024 * 1024), ...headers },
      },
      (res) => {
        res.resume();
        resolve({ status: res.statusCode ?? 0, ms: Date.now() - started });
        req.destroy();
      },
    );
    req.on('error', (e) => (e.message.includes('socket hang up') ? undefined : reject(e)));
    req.write('{"channel":"' + 'x'.repeat(4096));
    // The rest of the 12 MB never comes: only an API that waits for the body before knowing the caller stalls.
    setTimeout(() => {
      req.destroy();
      reject(new Error('no answer within 10 s: the API waited for the body'));
    }, 10_000).unref();
  });
}

describe('authenticate first, then read the body', () => {
  it('an anonymous 12 MB POST is refused 401 before its body is read', async () => {
    const { status, ms } = await announceHugeBody({});
    expect(status).toBe(401);
    expect(ms).toBeLessThan(2_000);
  });

  it('a 12 MB POST with a key nobody has is refused 401 the same way', async () => {
    const { status } = await announceHugeBody({ Authorization: 'ApiKey not-a-key-of-any-operator-0000' });
    expect(status).toBe(401);
  });

  it('an operator’s body is read (here: the announced 12 MB never arrives, so no answer within the deadline)', async () => {
    await expect(announceHugeBody(asOperator())).rejects.toThrow('the API waited for the body');
  });
});

describe('the 16 KB limit on every body but an application', () => {
  const padded = (bytes: number) => JSON.stringify({ iin: freshIin(), password: 'p'.repeat(bytes) });

  it('signing in with 17 KB is 413; with 15 KB it is read (and the credentials refused)', async () => {
    const over = await api.http().post('/portal/sessions').set('content-type', 'application/json').send(padded(17_000));
    expect(over.status).toBe(413);
    expect(over.body.type).toBe(problemType('too-large'));
    expect(over.body.detail).toContain('16kb');
    const under = await api
      .http()
      .post('/portal/sessions')
      .set('content-type', 'application/json')
      .send(padded(15_000));
    expect(under.status).not.toBe(413);
    expect([401, 422]).toContain(under.status);
  });

  it('an operator’s 17 KB body to the out-tray is 413', async () => {
    const res = await api
      .http()
      .post(`/out-tray/00000000-0000-4000-8000-000000000000/at-desk`)
      .set(asOperator())
      .set('content-type', 'application/json')
      .send(JSON.stringify({ note: 'n'.repeat(17_000) }));
    expect(res.status).toBe(413);
    expect(res.body.type).toBe(problemType('too-large'));
  });
});

describe('an unexpected failure', () => {
  it('answers 503 with a sentence and no detail of what failed', async () => {
    const broken = connectRedis(process.env.REDIS_URL!, process.env.REDIS_PREFIX!);
    await broken.quit();
    const log = createLogger('test-api', 'silent');
    const app = createApp({
      config: api.config,
      redis: broken,
      engine: api.apiEngine,
      intake: new Intake(broken, api.apiEngine, log),
      log,
    });
    const { default: request } = await import('supertest');
    const res = await request(app).get('/applications').set(asOperator());
    expect(res.status).toBe(503);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toEqual({
      type: 'urn:housing-assistance:problem:unavailable',
      title: 'A service behind the API is unavailable',
      status: 503,
      detail: 'the service could not answer now; try again shortly',
      text: { kk: API_MESSAGES.unavailable.kk, ru: API_MESSAGES.unavailable.ru },
    });
    expect(res.text).not.toMatch(/closed|redis|at .*\.(ts|js)/i);
  });
});

describe('submission limits', () => {
  // The run's prefix (the processes started find their dossiers); the two centres' counts start at zero
  // whatever the other files submitted under their own (much higher) limits.
  const limited = async () => {
    await api.redis.del(submissionsKey('centre:con-bostandyk'), submissionsKey('centre:con-almaly'));
    return testApi({ SUBMISSIONS_PER_ACCOUNT_PER_DAY: 2, SUBMISSIONS_PER_CENTRE_PER_HOUR: 2 });
  };

  it('a service centre past its hourly limit gets 429 with Retry-After; another centre does not; a retry is not counted', async () => {
    const l = await limited();
    try {
      const first = dossier();
      const key = `limit-retry-${Date.now()}`;
      const a = await l.http().post('/applications').set(asOperator()).set('Idempotency-Key', key).send(first);
      expect(a.status).toBe(202);
      const retry = await l.http().post('/applications').set(asOperator()).set('Idempotency-Key', key).send(first);
      expect(retry.body.status).toBe('duplicate');
      expect((await l.http().post('/applications').set(asOperator()).send(dossier())).status).toBe(202);
      const refused = await l.http().post('/applications').set(asOperator()).send(dossier());
      expect(refused.status).toBe(429);
      expect(refused.body).toMatchObject({ type: problemType('too-many-submissions'), status: 429 });
      expect(refused.body.retryAfterSeconds).toBe(Number(refused.headers['retry-after']));
      const retryAfter = Number(refused.headers['retry-after']);
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(3600);
      const other = await l
        .http()
        .post('/applications')
        .set(asOperator('con-almaly'))
        .send(dossier({ address: { district: 'almaly', line: 'ул. Абая, 1' } }));
      expect(other.status).toBe(202);
    } finally {
      await l.close();
    }
  });

  it('a portal account past its daily limit gets 429 with Retry-After; another account does not', async () => {
    const l = await limited();
    try {
      const iin = freshIin();
      const session = await l.asApplicant(iin);
      const request = () =>
        dossier({ channel: 'portal', applicant: { iin, fullName: 'Нурлан Абенов' }, documents: COMPLETE_DOCUMENTS });
      expect((await l.http().post('/applications').set(session).send(request())).status).toBe(202);
      expect((await l.http().post('/applications').set(session).send(request())).status).toBe(202);
      const refused = await l.http().post('/applications').set(session).send(request());
      expect(refused.status).toBe(429);
      const retryAfter = Number(refused.headers['retry-after']);
      expect(retryAfter).toBeGreaterThan(3600);
      expect(retryAfter).toBeLessThanOrEqual(86_400);
      const otherIin = freshIin();
      const other = await l
        .http()
        .post('/applications')
        .set(await l.asApplicant(otherIin))
        .send(dossier({ channel: 'portal', applicant: { iin: otherIin, fullName: 'Нурлан Абенов' } }));
      expect(other.status).toBe(202);
    } finally {
      await l.close();
    }
  });
});

describe('electronic copies are kept for FILE_COPY_RETENTION_DAYS', () => {
  it('in a key of their own that Redis removes when the period ends, and nowhere else', async () => {
    const content = Buffer.from(`%PDF-1.4 copy ${Date.now()}`).toString('base64');
    const res = await api
      .http()
      .post('/applications')
      .set(asOperator())
      .send(
        dossier({
          documents: COMPLETE_DOCUMENTS.map((d) => ({ ...d, file: { mediaType: 'application/pdf', content } })),
        }),
      );
    expect(res.status).toBe(202);
    const id = res.body.id as string;
    const ttl = await api.redis.ttl(filesKey(id));
    const retention = api.config.FILE_COPY_RETENTION_DAYS * 86_400;
    expect(ttl).toBeGreaterThan(retention - 60);
    expect(ttl).toBeLessThanOrEqual(retention);
    expect((await api.applications.submitted(id))!.documents[0].file!.content).toBe(content);
    // The period ends (Redis's own expiry, brought forward): the copies are gone, the dossier stays.
    await api.redis.pexpire(filesKey(id), 1);
    const deadline = Date.now() + 5_000;
    while ((await api.redis.exists(filesKey(id))) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const after = await api.applications.submitted(id);
    expect(after!.documents.map((d) => d.file?.content)).toEqual(COMPLETE_DOCUMENTS.map(() => ''));
    expect(JSON.stringify(await api.redis.hgetall(`app:${id}`))).not.toContain(content);
  });
});
