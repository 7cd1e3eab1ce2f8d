import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { asOperator, testApi } from '../support/api.js';
import { dossier, makeIin } from '../support/fixtures.js';
import { removeInstancesAfterFile } from '../support/cleanup.js';

/**
 * At least 1000 malformed or hostile requests to every route over real HTTP: wrong types, huge bodies,
 * bad UTF-8, injection strings, missing and forged headers. None may get a 5xx; the server stays up.
 */
// Some hostile requests are valid applications: their processes are this file's to remove.
removeInstancesAfterFile();
let api: ReturnType<typeof testApi>;
let server: Server;
let port: number;
let session: Record<string, string>;
beforeAll(async () => {
  api = testApi();
  session = await api.asApplicant(makeIin(6100 + Math.floor(Math.random() * 800)));
  server = api.app.listen(0);
  await new Promise((r) => server.once('listening', r));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  await api.close();
});

/** A small deterministic generator, so a failure can be replayed. */
function prng(seed: number) {
  return () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
}

const HOSTILE = [
  "'; DROP TABLE applications; --",
  '<script>alert(1)</script>',
  '{{7*7}}',
  '${jndi:ldap://x/a}',
  '../../../../etc/passwd',
  '%00',
  '\u0000',
  'A'.repeat(10_000),
  '😀'.repeat(500),
  '\uD800',
  'NaN',
  '-1',
  '1e999',
  'null',
  'true',
  '[]',
  '{}',
  'SELECT * FROM users',
  '$(rm -rf /)',
  '\r\nX-Injected: 1',
];
const ROUTES: Array<[string, string]> = [
  ['POST', '/applications'],
  ['GET', '/applications'],
  ['GET', '/applications/{id}'],
  ['GET', '/applications/{id}/receipt'],
  ['GET', '/out-tray'],
  ['POST', '/out-tray/{id}/handed-over'],
  ['POST', '/portal/accounts'],
  ['POST', '/portal/sessions'],
  ['DELETE', '/portal/sessions/current'],
  ['GET', '/cabinet'],
  ['GET', '/provider-certificates/{district}'],
  ['GET', '/openapi.json'],
  ['GET', '/healthz'],
  ['GET', '/readyz'],
  ['PUT', '/applications'],
  ['PATCH', '/applications/{id}'],
  ['GET', '/nowhere'],
];

function send(method: string, path: string, headers: Record<string, string>, body?: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        headers: body ? { ...headers, 'content-length': String(body.length) } : headers,
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', (e: NodeJS.ErrnoException) =>
      e.code === 'ECONNRESET' || e.code === 'EPIPE' ? resolve(-1) : reject(e),
    );
    if (body) req.write(body);
    req.end();
  });
}

/** Percent-encoded; a lone surrogate becomes the bytes of one, which is not UTF-8. */
const encode = (s: string) => {
  try {
    return encodeURIComponent(s);
  } catch {
    return '%ED%A0%80';
  }
};

function hostileRequest(random: () => number): {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
  /** Sent with the run's valid operator key or session: it must get past authentication. */
  authenticated: boolean;
} {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)];
  const [method, template] = pick(ROUTES);
  const id = pick([
    '00000000-0000-4000-8000-000000000000',
    encode(pick(HOSTILE)),
    '%E0%A4%A',
    '..%2F..%2Fadmin',
    'x'.repeat(3000),
    '%zz',
  ]);
  const path =
    template.replace('{id}', id) + pick(['', '', '?x=1', `?q=${encode(pick(HOSTILE))}`, '?__proto__[admin]=1']);
  const headers: Record<string, string> = {};
  const auth = pick(['none', 'operator', 'session', 'garbage', 'long', 'injection']);
  const authenticated = auth === 'operator' || (auth === 'session' && method !== 'DELETE');
  if (auth === 'operator') Object.assign(headers, asOperator());
  // Signing the shared session out would leave the rest of the run without one.
  if (auth === 'session')
    Object.assign(headers, method === 'DELETE' ? { authorization: 'Bearer signed-out-session-000000' } : session);
  if (auth === 'garbage')
    headers.authorization = pick(['Bearer', 'ApiKey ', 'Basic Og==', 'Bearer \u00ff\u00fe']).replace(
      /[^\x20-\x7e]/g,
      '?',
    );
  if (auth === 'long') headers.authorization = `Bearer ${'a'.repeat(8000)}`;
  if (auth === 'injection') headers.authorization = `ApiKey ${encode(pick(HOSTILE)).slice(0, 200)}`;
  const type = pick([
    'application/json',
    'application/json',
    'application/json; charset=latin1',
    'text/plain',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    '',
    'application/vnd.api+json',
  ]);
  if (type) headers['content-type'] = type;
  if (random() < 0.2)
    headers['idempotency-key'] = pick(HOSTILE)
      .slice(0, 300)
      .replace(/[^\x20-\x7e]/g, '?');
  if (method === 'GET' || method === 'DELETE')
    return { method, path, headers, body: random() < 0.1 ? Buffer.from('{"a":1}') : undefined, authenticated };
  const base: Record<string, unknown> = JSON.parse(
    JSON.stringify(dossier({ channel: auth === 'session' ? 'portal' : 'state-corporation' })),
  );
  const kind = pick([
    'mutated',
    'mutated',
    'types',
    'injection',
    'badutf8',
    'truncated',
    'deep',
    'huge',
    'array',
    'empty',
    'proto',
    'account',
  ]);
  let body: Buffer;
  switch (kind) {
    case 'mutated': {
      for (const key of Object.keys(base)) if (random() < 0.2) delete base[key];
      if (random() < 0.5) base[pick(Object.keys(base).concat(['extra']))] = pick([null, 1, 'x', [], {}, true, -1e308]);
      body = Buffer.from(JSON.stringify(base));
      break;
    }
    case 'types':
      body = Buffer.from(
        JSON.stringify({
          ...base,
          applicant: pick([1, 'x', null, [], { iin: 123, fullName: {} }]),
          household: pick(['', 0, { areaM2: -1 }]),
          documents: pick([{}, 'all', [null], [{ type: 5 }]]),
        }),
      );
      break;
    case 'injection':
      body = Buffer.from(
        JSON.stringify({
          ...base,
          applicant: { iin: pick(HOSTILE), fullName: pick(HOSTILE) },
          address: { district: pick(HOSTILE), line: pick(HOSTILE) },
          iin: pick(HOSTILE),
          password: pick(HOSTILE),
        }),
      );
      break;
    case 'badutf8':
      body = Buffer.concat([
        Buffer.from('{"applicant":{"fullName":"'),
        Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xa0, 0xa1, 0xed, 0xa0, 0x80]),
        Buffer.from('"}}'),
      ]);
      break;
    case 'truncated':
      body = Buffer.from(JSON.stringify(base).slice(0, Math.floor(random() * 200)));
      break;
    case 'deep':
      body = Buffer.from('['.repeat(5000 + Math.floor(random() * 50_000)));
      break;
    case 'huge':
      body = Buffer.alloc(random() < 0.5 ? 200_000 : 13_000_000, 'a');
      break;
    case 'array':
      body = Buffer.from(
        JSON.stringify({
          ...base,
          documents: Array.from({ length: 5000 }, () => ({ type: 'application' })),
          familyMembers: Array.from({ length: 1000 }, () => ({ fullName: 'x', relation: 'y' })),
        }),
      );
      break;
    case 'empty':
      body = Buffer.alloc(0);
      break;
    case 'proto':
      body = Buffer.from(
        `{"__proto__":{"admin":true},"constructor":{"prototype":{"polluted":1}},"iin":"${makeIin(1)}","password":"xxxxxxxxxxxx"}`,
      );
      break;
    default:
      body = Buffer.from(
        JSON.stringify({
          iin: pick([makeIin(Math.floor(random() * 9000)), pick(HOSTILE), 12, null]),
          password: pick(['short', 'long enough password', pick(HOSTILE), 5]),
        }),
      );
  }
  return { method, path, headers, body, authenticated };
}

it('1200 hostile requests: no 5xx, no dropped connection, and the server still answers', async () => {
  const random = prng(20261126);
  const statuses = new Map<number, number>();
  const authenticated = new Map<number, number>();
  const failures: string[] = [];
  const N = 1200;
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < N) {
        const r = hostileRequest(random);
        next += 1;
        const status = await send(r.method, r.path, r.headers, r.body);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        if (r.authenticated) authenticated.set(status, (authenticated.get(status) ?? 0) + 1);
        if (status >= 500 || status < 100 || (r.authenticated && status === 401))
          failures.push(
            `${r.method} ${r.path.slice(0, 80)} ${r.headers['content-type'] ?? ''}${r.authenticated ? ' (authenticated)' : ''} → ${status}`,
          );
      }
    }),
  );
  console.log(
    `fuzz: ${N} requests, statuses ${JSON.stringify(Object.fromEntries([...statuses].sort(([x], [y]) => x - y)))}`,
  );
  expect(failures).toEqual([]);
  // The requests reached the routes: some were served, some refused for their content, not all turned away at the door.
  expect([...authenticated.keys()]).toEqual(expect.arrayContaining([200, 404]));
  expect([...authenticated.keys()].filter((st) => st === 400 || st === 422 || st === 413 || st === 415)).not.toEqual(
    [],
  );
  expect([...statuses.values()].reduce((a, b) => a + b, 0)).toBe(N);
  expect(await send('GET', '/healthz', {})).toBe(200);
}, 300_000);
