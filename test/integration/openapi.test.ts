import { expect, it } from '@jest/globals';
import { testApi } from '../support/api.js';

/** The routes express really has, as "METHOD /path/{param}". */
type Layer = { route?: { path: string; methods: Record<string, boolean> }; handle?: { stack?: Layer[] } };
function routesOf(stack: Layer[]): string[] {
  return stack.flatMap((layer) => {
    if (layer.handle?.stack) return routesOf(layer.handle.stack);
    if (!layer.route) return [];
    return Object.keys(layer.route.methods).map((m) => `${m.toUpperCase()} ${layer.route!.path.replace(/:(\w+)/g, '{$1}')}`);
  });
}

it('the served OpenAPI document describes exactly the routes the API has, each with its responses', async () => {
  const api = testApi();
  try {
    const res = await api.http().get('/openapi.json');
    expect(res.status).toBe(200);
    const doc = res.body;
    expect(doc.openapi).toBe('3.1.0');
    const documented = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`)).sort();
    const served = [...new Set(routesOf((api.app as unknown as { router: { stack: Layer[] } }).router.stack))].sort();
    expect(documented).toEqual(served);
    for (const ops of Object.values(doc.paths as Record<string, Record<string, { responses: Record<string, unknown> }>>)) {
      for (const op of Object.values(ops)) expect(Object.keys(op.responses).length).toBeGreaterThan(0);
    }
    // The request schemas are the ones the routes validate with.
    expect(doc.components.schemas.Application.properties.applicant.required).toEqual(['iin', 'fullName']);
    expect(doc.paths['/portal/accounts'].post.requestBody.content['application/json'].schema.required).toEqual(['iin', 'password']);
    expect(doc.components.schemas.Application.properties.applicant.properties.iin).toMatchObject({ type: 'string', pattern: '^[0-9]{12}$' });
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
    expect(res.headers['strict-transport-security']).toBeDefined();
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['x-powered-by']).toBeUndefined();
    expect(res.headers['cache-control']).toBe('no-store');
  } finally {
    await api.close();
  }
});
