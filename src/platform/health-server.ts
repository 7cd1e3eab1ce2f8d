import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { Gauge, type Registry } from 'prom-client';

export type ReadinessCheck = () => Promise<Record<string, boolean>>;

/**
 * The operations port: /healthz (the process lives), /readyz (its dependencies answer), /metrics
 * (Prometheus). On `host` (OPS_HOST, loopback by default): metrics and readiness are for the operator, not the public.
 */
export function startHealthServer(
  port: number,
  registry: Registry,
  ready: ReadinessCheck,
  host: string,
): Promise<Server> {
  // What /readyz says, for Prometheus: the alert on a daemon that runs but cannot work (ops/alerts.yml).
  new Gauge({
    name: 'ha_dependency_up',
    help: 'Whether a dependency of this process answers now (1) or not (0), as /readyz checks it',
    labelNames: ['dependency'] as const,
    registers: [registry],
    async collect() {
      const checks = await ready().catch(() => ({}));
      this.reset();
      for (const [dependency, up] of Object.entries(checks)) this.set({ dependency }, up ? 1 : 0);
    },
  });
  const answer = async (req: IncomingMessage, res: ServerResponse) => {
    try {
      if (req.url === '/healthz') {
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
      } else if (req.url === '/readyz') {
        const checks = await ready();
        const ok = Object.values(checks).every(Boolean);
        res
          .writeHead(ok ? 200 : 503, { 'content-type': 'application/json' })
          .end(JSON.stringify({ status: ok ? 'ready' : 'not-ready', checks }));
      } else if (req.url === '/metrics') {
        res.writeHead(200, { 'content-type': registry.contentType }).end(await registry.metrics());
      } else {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
      }
    } catch {
      res.writeHead(503, { 'content-type': 'application/json' }).end('{"status":"not-ready"}');
    }
  };
  const server = createServer((req, res) => void answer(req, res));
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}
