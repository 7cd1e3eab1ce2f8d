import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Server } from 'node:http';
import express, { type Request, type Response } from 'express';
import YAML from 'yaml';
import { z } from 'zod';
import { RECORD_SCHEMAS, STATE_SOURCE_IDS, type StateSource } from '../domain/state-data.js';
import type { Logger } from '../platform/logger.js';

/**
 * The local state-registries service: the stand-in for the e-government gateway (§11) on developers'
 * machines, in the tests and in compose. It answers from a fixture file of development IINs; with
 * `control` on, tests can add people and make a register slow, failing or silent for one IIN.
 */
const personSchema = z.object(RECORD_SCHEMAS).partial().strict();
export type PersonRecords = z.infer<typeof personSchema>;
export const fixtureSchema = z
  .object({ people: z.record(z.string().regex(/^\d{12}$/, 'an IIN, 12 digits'), personSchema) })
  .strict();

export function loadFixture(file: string): Map<string, PersonRecords> {
  const parsed = fixtureSchema.parse(YAML.parse(readFileSync(file, 'utf8')));
  return new Map(Object.entries(parsed.people));
}

/** A fault a test sets on one register for one IIN: `fail` answers 503, `slow` waits `delayMs` first; `times` of them, then normal. */
const faultSchema = z
  .object({
    mode: z.enum(['fail', 'slow']),
    delayMs: z.number().int().min(0).max(600_000).optional(),
    times: z.number().int().positive().optional(),
  })
  .strict();
export type Fault = z.infer<typeof faultSchema>;
const questionSchema = z
  .object({ iin: z.string().regex(/^\d{12}$/), periodFrom: z.string(), periodTo: z.string() })
  .strict();

export interface RegistriesOptions {
  people: Map<string, PersonRecords>;
  token?: string;
  control?: boolean;
  /** Tests: people enrolled as files `<iin>.json` (written synchronously by the fixtures), read on a miss. */
  enrolDir?: string;
  log: Logger;
}

export function registriesApp({ people, token, control, enrolDir, log }: RegistriesOptions): express.Express {
  const faults = new Map<string, Fault>();
  const requests = new Map<string, number>();
  /** Questions refused for their credentials, by the IIN and register they named: a client that retries them shows here. */
  const refusals = new Map<string, number>();
  const key = (iin: string, source: string) => `${iin} ${source}`;
  const app = express();
  app.use(express.json({ limit: '64kb' }));
  app.get('/healthz', (_req, res) => void res.json({ people: people.size }));
  const personOf = (iin: string): PersonRecords | undefined => {
    if (people.has(iin) || !enrolDir) return people.get(iin);
    try {
      return personSchema.parse(JSON.parse(readFileSync(join(enrolDir, `${iin}.json`), 'utf8')));
    } catch {
      return undefined;
    }
  };

  app.post('/:source', async (req: Request, res: Response) => {
    const source = String(req.params.source) as StateSource;
    if (!STATE_SOURCE_IDS.includes(source)) return void res.status(404).json({ error: `no register ${source}` });
    if (token && req.get('authorization') !== `Bearer ${token}`) {
      const named = questionSchema.safeParse(req.body);
      if (named.success)
        refusals.set(key(named.data.iin, source), (refusals.get(key(named.data.iin, source)) ?? 0) + 1);
      return void res.status(401).json({ error: 'unknown credentials' });
    }
    const question = questionSchema.safeParse(req.body);
    if (!question.success) return void res.status(400).json({ error: 'a question is {iin, periodFrom, periodTo}' });
    const { iin } = question.data;
    requests.set(key(iin, source), (requests.get(key(iin, source)) ?? 0) + 1);
    const fault = faults.get(key(iin, source));
    if (fault) {
      if (fault.times !== undefined && --fault.times <= 0) faults.delete(key(iin, source));
      if (fault.mode === 'fail') return void res.status(503).json({ error: 'register unavailable' });
      await new Promise((r) => setTimeout(r, fault.delayMs ?? 60_000));
    }
    const record = personOf(iin)?.[source];
    log.info(
      { event: 'registry-question', source, requestId: req.get('x-request-id'), found: Boolean(record) },
      'answered',
    );
    if (!record) return void res.status(404).json({ found: false });
    res.json(record);
  });

  if (control) {
    app.put('/_control/people/:iin', (req, res) => {
      const parsed = personSchema.safeParse(req.body);
      if (!parsed.success) return void res.status(400).json({ error: parsed.error.issues });
      people.set(String(req.params.iin), parsed.data);
      res.status(204).end();
    });
    app.put('/_control/faults/:iin/:source', (req, res) => {
      const parsed = faultSchema.safeParse(req.body);
      if (!parsed.success) return void res.status(400).json({ error: parsed.error.issues });
      faults.set(key(String(req.params.iin), String(req.params.source)), parsed.data);
      res.status(204).end();
    });
    app.delete('/_control/faults/:iin/:source', (req, res) => {
      faults.delete(key(String(req.params.iin), String(req.params.source)));
      res.status(204).end();
    });
    app.get('/_control/requests/:iin', (req, res) => {
      const iin = String(req.params.iin);
      res.json(Object.fromEntries(STATE_SOURCE_IDS.map((s) => [s, requests.get(key(iin, s)) ?? 0])));
    });
    app.get('/_control/refusals/:iin', (req, res) => {
      const iin = String(req.params.iin);
      res.json(Object.fromEntries(STATE_SOURCE_IDS.map((s) => [s, refusals.get(key(iin, s)) ?? 0])));
    });
  }
  return app;
}

/** Starts the service on `port` (0: any free one) of 127.0.0.1; resolves with its URL. */
export function startRegistries(
  options: RegistriesOptions & { port: number; host?: string },
): Promise<{ url: string; server: Server }> {
  const app = registriesApp(options);
  return new Promise((resolve, reject) => {
    const server = app.listen(options.port, options.host ?? '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : options.port;
      resolve({ url: `http://${options.host ?? '127.0.0.1'}:${port}`, server });
    });
    server.on('error', reject);
  });
}
