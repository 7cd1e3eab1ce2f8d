import { expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import createClient from 'openapi-fetch';
import type { paths } from '../../src/api/openapi-types.js';
import { API_TYPES_FILE, apiTypes } from '../../src/api/api-types.js';
import { ROOT } from '../../src/paths.js';
import { asOperator, testApi } from '../support/api.js';
import { dossier } from '../support/fixtures.js';
import { problemType } from '../../src/api/respond.js';

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

it('the served OpenAPI document describes exactly the routes the API has, each with its responses', async () => {
  const api = testApi();
  try {
    const res = await api.http().get('/openapi.json');
    expect(res.status).toBe(200);
    const doc = res.body;
    expect(doc.openapi).toBe('3.1.0');
    const documented = Object.entries(doc.paths as Record<string, Record<string, unknown>>)
      .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`))
      .sort();
    const served = [...new Set(routesOf((api.app as unknown as { router: { stack: Layer[] } }).router.stack))].sort();
    expect(documented).toEqual(served);
    for (const ops of Object.values(
      doc.paths as Record<string, Record<string, { responses: Record<string, unknown> }>>,
    )) {
      for (const op of Object.values(ops)) expect(Object.keys(op.responses).length).toBeGreaterThan(0);
    }
    // The request schemas are the ones the routes validate with.
    expect(doc.components.schemas.Application.properties.applicant.required).toEqual(['iin', 'fullName']);
    expect(doc.paths['/portal/accounts'].post.requestBody.content['application/json'].schema.required).toEqual([
      'iin',
      'password',
      'challenge',
      'signature',
    ]);
    expect(doc.components.schemas.Application.properties.applicant.properties.iin).toMatchObject({
      type: 'string',
      pattern: '^[0-9]{12}$',
    });
  } finally {
    await api.close();
  }
});

it('answers with security headers and no stack traces or internal ids', async () => {
  const api = testApi();
  try {
    const res = await api.http().get('/no/such/route');
    expect(res.status).toBe(404);
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

it('passes Redocly’s recommended rules as an integrator runs them (0 errors, 0 warnings; the ignore file says why)', async () => {
  const api = testApi();
  try {
    const dir = mkdtempSync(join(tmpdir(), 'openapi-'));
    writeFileSync(join(dir, 'openapi.json'), JSON.stringify((await api.http().get('/openapi.json')).body));
    copyFileSync(join(ROOT, '.redocly.lint-ignore.yaml'), join(dir, '.redocly.lint-ignore.yaml'));
    const lint = spawnSync(
      join(ROOT, 'node_modules', '.bin', 'redocly'),
      ['lint', 'openapi.json', '--format', 'json'],
      {
        cwd: dir,
        encoding: 'utf8',
        timeout: 120_000,
      },
    );
    expect(JSON.parse(lint.stdout).totals).toEqual({ errors: 0, warnings: 0, ignored: 3 });
    // Every operation has an id, for the method names of generated clients.
    const operations = Object.values(
      JSON.parse(readFileSync(join(dir, 'openapi.json'), 'utf8')).paths as Record<
        string,
        Record<string, { operationId?: string }>
      >,
    ).flatMap((ops) => Object.values(ops));
    expect(operations.filter((o) => !o.operationId)).toEqual([]);
  } finally {
    await api.close();
  }
});

it('a client generated from the document (openapi-typescript, openapi-fetch) submits and reads an application', async () => {
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
    const { id } = submitted.data as unknown as { id: string };
    const status = await client.GET('/applications/{id}', { params: { path: { id } } });
    expect(status.response.status).toBe(200);
    expect(status.data).toMatchObject({ id, channel: 'state-corporation' });
    const missing = await client.GET('/applications/{id}', {
      params: { path: { id: '00000000-0000-4000-8000-000000000000' } },
    });
    expect([missing.response.status, missing.error]).toEqual([
      404,
      expect.objectContaining({ type: problemType('not-found'), status: 404 }),
    ]);
  } finally {
    server.close();
    await api.close();
  }
});
