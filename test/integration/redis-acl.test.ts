import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { devCredentials } from '../../src/stack/dev-credentials.js';
import { REDIS_USERS } from '../../src/stack/redis-acl.js';
import { freePort, stopChild, waitFor } from '../../src/stack/stack.js';
import { Applications } from '../../src/store/applications.js';
import { connectRedis } from '../../src/store/redis.js';
import { SubmissionLimits } from '../../src/store/submission-limits.js';
import { dossier } from '../support/fixtures.js';

/** A redis-server of this test's own, run with the users file compose's Redis runs with (--aclfile). */
let server: ChildProcess;
let url: string;
let dir: string;
const open: Redis[] = [];
const password = (user: string) => readFileSync(join(dir, 'redis-passwords', user), 'utf8');
/** A service's connection as the code opens it: REDIS_URL's user, REDIS_PASSWORD, the prefix. */
const as = (user: string, secret = password(user), prefix = 'ha:') => {
  const c = connectRedis(url.replace('redis://', `redis://${user}@`), prefix, secret);
  c.on('error', () => undefined);
  open.push(c);
  return c;
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'redis-acl-'));
  await devCredentials(dir);
  const port = await freePort();
  url = `redis://127.0.0.1:${port}`;
  server = spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--aclfile',
      join(dir, 'redis-users.acl'),
    ],
    { stdio: 'ignore' },
  );
  await waitFor(
    'redis-server',
    async () => {
      const probe = new Redis(url, {
        lazyConnect: true,
        retryStrategy: () => null,
        maxRetriesPerRequest: 0,
        enableReadyCheck: false,
      });
      probe.on('error', () => undefined);
      try {
        return (await probe.ping()) === 'PONG';
      } finally {
        probe.disconnect();
      }
    },
    15_000,
    server,
  );
});
afterAll(async () => {
  for (const c of open) c.disconnect();
  await stopChild(server, 5_000);
});

it('each service user runs the code’s own commands and scripts on the deployment’s keys', async () => {
  for (const user of REDIS_USERS) {
    const redis = as(user);
    const applications = new Applications(redis);
    const { id, created } = await applications.create(
      randomUUID(),
      dossier(),
      new Date().toISOString(),
      'centre:con-bostandyk',
      `k-${user}-1234`,
      {},
      60,
    );
    expect(created).toBe(true);
    expect(await applications.submitted(id)).toMatchObject({ channel: 'state-corporation' });
    expect((await applications.get(id))!.id).toBe(id);
    expect(
      await new SubmissionLimits(redis, { perAccountPerDay: 1, perCentrePerHour: 1 }).take(`centre:${user}`),
    ).toEqual({
      ok: true,
    });
  }
});

it('a service user cannot touch keys outside the prefix, FLUSHALL, CONFIG, KEYS or CLIENT KILL', async () => {
  for (const user of REDIS_USERS) {
    const bare = as(user, password(user), '');
    await expect(bare.set('other:secret', '1')).rejects.toThrow(/NOPERM/);
    await expect(bare.get('other:secret')).rejects.toThrow(/NOPERM/);
    await expect(bare.flushall()).rejects.toThrow(/NOPERM/);
    await expect(bare.call('CONFIG', 'GET', 'requirepass')).rejects.toThrow(/NOPERM/);
    await expect(bare.keys('*')).rejects.toThrow(/NOPERM/);
    await expect(bare.call('CLIENT', 'KILL', 'ID', '999999')).rejects.toThrow(/NOPERM/);
    await expect(bare.call('ACL', 'LIST')).rejects.toThrow(/NOPERM/);
  }
});

it('a wrong password is refused, and the default user may only PING (the health check)', async () => {
  const anonymous = new Redis(url, {
    lazyConnect: true,
    retryStrategy: () => null,
    maxRetriesPerRequest: 0,
    enableReadyCheck: false,
  });
  anonymous.on('error', () => undefined);
  open.push(anonymous);
  expect(await anonymous.ping()).toBe('PONG');
  await expect(anonymous.get('ha:anything')).rejects.toThrow(/NOPERM/);
  await expect(anonymous.call('AUTH', 'api', 'not the password')).rejects.toThrow(/WRONGPASS/);
  await expect(anonymous.call('AUTH', 'api', password('workers'))).rejects.toThrow(/WRONGPASS/);
});
