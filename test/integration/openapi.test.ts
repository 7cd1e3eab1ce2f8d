import { expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import createClient from 'openapi-fetch';
import type { paths } from '../../src/api/openapi-types.js';
import { API_TYPES_FILE, apiTypes } from '../../src/api/api-types.js';
import { PROBLEM_MEDIA_TYPE, problemSchema, problemType } from '../../src/api/respond.js';
import { applicationStatusSchema, submittedSchema } from '../../src/api/responses.js';
import { ROOT } from '../../src/paths.js';
import { asOperator, testApi } from '../support/api.js';
import { dossier } from '../support/fixtures.js';

/** The routes express really has, as "METHOD /path/{param}". */
type Layer = { route?: { path: string; methods: Record<string, boolean> }; handle?: { stack?: Layer[] } };
function routesOf(stack: Layer[]): string[] {
  return stack.flatMap((layer) => {
    if (layer.handle?.stack) return routesOf(layer.handle.stack);
    if (!layer.route) return [];
    return Object.keys(layer.route.methods).map(
      (m) => `${m.toUpperCase()} ${layer.route!.path.replace(/:(\w+)/g, '{$1}')}`,
    );
  });
}

type Operation = {
  operationId?: string;
  responses: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }>;
};

/** A value the schema reads back unchanged: nothing missing, mistyped or left out of the schema (zod drops unknown keys). */
function expectExactly(schema: { parse(v: unknown): unknown }, value: unknown): void {
  expect(schema.parse(value)).toEqual(value);
}

it('the served OpenAPI document describes exactly the routes the API has, each with its responses and their schemas', async () => {
  const api = testApi();
  try {
    const res = await api.http().get('/openapi.json');
    expect(res.status).toBe(200);
    const doc = res.body;
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.license).toEqual({ name: 'Apache License 2.0', identifier: 'Apache-2.0' });
    const documented = Object.entries(doc.paths as Record<string, Record<string, unknown>>)
      .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`))
      .sort();
    const served = [...new Set(routesOf((api.app as unknown as { router: { stack: Layer[] } }).router.stack))].sort();
    expect(documented).toEqual(served);
    const operations = Object.values(doc.paths as Record<string, Record<string, Operation>>).flatMap((ops) =>
      Object.entries(ops).map(([method, op]) => ({ method, op })),
    );
    for (const { op } of operations) {
      expect(Object.keys(op.responses).length).toBeGreaterThan(0);
      for (const [status, response] of Object.entries(op.responses)) {
        const where = `${op.operationId} ${status}`;
        if (Number(status) >= 400) {
          // Every error: the one Problem schema, as application/problem+json.
          expect([where, response.content]).toEqual([
            where,
            { [PROBLEM_MEDIA_TYPE]: { schema: { $ref: '#/components/schemas/Problem' } } },
          ]);
        } else if (response.content?.['application/json']) {
          // Every JSON success: a named schema, not an empty one.
          const ref = response.content['application/json'].schema?.$ref;
          if (op.operationId !== 'getOpenApi')
            expect([where, ref]).toEqual([where, expect.stringMatching(/^#\/components\/schemas\//)]);
        }
      }
    }
    // The request schemas are the ones the routes validate with.
    expect(doc.components.schemas.Application.properties.applicant.required).toEqual(['iin', 'fullName']);
    expect(doc.components.schemas.Account.required).toEqual(['iin', 'password', 'challenge', 'signature']);
    expect(doc.components.schemas.Application.properties.applicant.properties.iin).toMatchObject({
      type: 'string',
      pattern: '^[0-9]{12}$',
    });
    // The status (§16) is typed to its steps and their deadlines.
    const status = doc.components.schemas.ApplicationStatus;
    expect(status.required).toEqual(expect.arrayContaining(['id', 'status', 'readyBy', 'steps', 'outcome', 'termMet']));
    expect(status.properties.steps.items.required).toEqual(
      expect.arrayContaining(['step', 'citation', 'deadline', 'deadlineAlmaty', 'late']),
    );
    expect(doc.components.schemas.Problem.required).toEqual(['type', 'title', 'status', 'detail', 'text']);
    // What the document says of the routes that take no input: a body sent with a credential is read, and refused.
    const health = await api
      .http()
      .get('/healthz')
      .set(asOperator())
      .set('content-type', 'application/json')
      .send('{"not json');
    expect([health.status, health.headers['content-type'], health.body.type]).toEqual([
      400,
      expect.stringMatching(/^application\/problem\+json/),
      problemType('malformed-json'),
    ]);
    expectExactly(problemSchema, health.body);
  } finally {
    await api.close();
  }
});

it('answers with security headers and no stack traces or internal ids', async () => {
  const api = testApi();
  try {
    const res = await api.http().get('/no/such/route');
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({
      type: 'urn:housing-assistance:problem:not-found',
      title: 'Not found',
      status: 404,
    });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['strict-transport-security']).toMatch(/^max-age=[1-9]\d*/);
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['x-powered-by']).toBeUndefined();
    expect(res.headers['cache-control']).toBe('no-store');
  } finally {
    await api.close();
  }
});

it('passes Redocly’s recommended rules as an integrator runs them: 0 errors, 0 warnings, nothing ignored', async () => {
  const api = testApi();
  try {
    const dir = mkdtempSync(join(tmpdir(), 'openapi-'));
    writeFileSync(join(dir, 'openapi.json'), JSON.stringify((await api.http().get('/openapi.json')).body));
    const lint = spawnSync(
      join(ROOT, 'node_modules', '.bin', 'redocly'),
      ['lint', 'openapi.json', '--extends', 'recommended', '--format', 'json'],
      { cwd: dir, encoding: 'utf8', timeout: 120_000 },
    );
    const report = JSON.parse(lint.stdout) as { totals: object; problems: Array<{ ruleId: string; message: string }> };
    expect(report.problems.map((p) => `${p.ruleId}: ${p.message}`)).toEqual([]);
    expect(report.totals).toEqual({ errors: 0, warnings: 0, ignored: 0 });
    // Every operation has an id, for the method names of generated clients.
    const operations = Object.values(
      JSON.parse(readFileSync(join(dir, 'openapi.json'), 'utf8')).paths as Record<string, Record<string, Operation>>,
    ).flatMap((ops) => Object.values(ops));
    expect(operations.filter((o) => !o.operationId)).toEqual([]);
  } finally {
    await api.close();
  }
});

it('the client types generated from the document type the status response fully (tsc on a snippet)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'openapi-types-'));
  writeFileSync(join(dir, 'openapi-types.ts'), await apiTypes());
  writeFileSync(
    join(dir, 'client.ts'),
    `import type { paths } from './openapi-types.js';
type Status = paths['/applications/{id}']['get']['responses'][200]['content']['application/json'];
type NotFound = paths['/applications/{id}']['get']['responses'][404]['content']['application/problem+json'];
declare const status: Status;
declare const notFound: NotFound;
export const termMet: boolean | null = status.termMet;
export const deadline: string | null = status.steps[0].deadlineAlmaty;
export const decision: string | undefined = status.outcome?.decision;
export const code: \`urn:housing-assistance:problem:\${string}\` = notFound.type;
// @ts-expect-error a typed status, not \`any\`: a step's deadline is no number
export const wrong: number = status.steps[0].deadline;
`,
  );
  const tsc = spawnSync(
    join(ROOT, 'node_modules', '.bin', 'tsc'),
    [
      '--noEmit',
      '--strict',
      '--module',
      'nodenext',
      '--moduleResolution',
      'nodenext',
      '--target',
      'es2022',
      '--skipLibCheck',
      'client.ts',
    ],
    { cwd: dir, encoding: 'utf8', timeout: 120_000 },
  );
  expect(tsc.stdout + tsc.stderr).toBe('');
  expect(tsc.status).toBe(0);
});

it('a client generated from the document (openapi-typescript, openapi-fetch) submits and reads an application, as the schemas say', async () => {
  expect(readFileSync(API_TYPES_FILE, 'utf8')).toBe(await apiTypes());
  const api = testApi();
  const server = api.app.listen(0, '127.0.0.1');
  try {
    await new Promise((resolve) => server.once('listening', resolve));
    const client = createClient<paths>({
      baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      headers: asOperator(),
    });
    const submitted = await client.POST('/applications', { body: dossier() as never });
    expect(submitted.response.status).toBe(202);
    expectExactly(submittedSchema, submitted.data);
    const id = submitted.data!.id;
    const status = await client.GET('/applications/{id}', { params: { path: { id } } });
    expect(status.response.status).toBe(200);
    expect(status.data).toMatchObject({ id, channel: 'state-corporation' });
    expectExactly(applicationStatusSchema, status.data);
    const missing = await client.GET('/applications/{id}', {
      params: { path: { id: '00000000-0000-4000-8000-000000000000' } },
    });
    expect([missing.response.status, missing.error?.type]).toEqual([404, problemType('not-found')]);
    expect(missing.response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expectExactly(problemSchema, missing.error);
  } finally {
    server.close();
    await api.close();
  }
});
