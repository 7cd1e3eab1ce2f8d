import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { ApplicationStatus, Dossier } from '../domain/application.js';
import type { Command } from './ledger.js';

export interface Breach {
  element: string;
  limit: string;
  recordedAt: string;
}

export interface ApplicationRecord {
  id: string;
  channel: Dossier['channel'];
  district: string;
  createdAt: string;
  status: ApplicationStatus;
  processInstanceId?: string;
  dossier: Dossier;
  /** Each step's recorded result, by step name (registration, decision, notification, …). */
  results: Record<string, unknown>;
  breaches: Breach[];
}

const FIXED = new Set(['id', 'channel', 'district', 'createdAt', 'status', 'processInstanceId', 'dossier', 'applicantKey', 'startVariables']);

export const appKey = (id: string) => `app:${id}`;
export const breachesKey = (id: string) => `app:${id}:breaches`;
const PENDING = 'pending-start';
const idempotencyKey = (key: string) => `intake-key:${key}`;

/** The applicant's key in Redis and logs: never the IIN itself. */
export function applicantKey(iin: string): string {
  return createHash('sha256').update(`housing-assistance:${iin}`).digest('hex').slice(0, 32);
}

const CREATE = `
if ARGV[1] ~= '' then
  local existing = redis.call('GET', KEYS[3])
  if existing then return existing end
  redis.call('SET', KEYS[3], ARGV[2], 'EX', 86400)
end
redis.call('HSET', KEYS[1], unpack(cjson.decode(ARGV[3])))
redis.call('SADD', KEYS[2], ARGV[2])
return ARGV[2]`;

/** Commands for the ledger: a step's result on the record, and optionally the status. */
export function resultCommands(keyIndex: number, step: string, result: unknown, status?: ApplicationStatus): Command[] {
  const commands: Command[] = [['HSET', keyIndex, `result:${step}`, JSON.stringify(result)]];
  if (status) commands.push(['HSET', keyIndex, 'status', status]);
  return commands;
}

export class Applications {
  constructor(private readonly redis: Redis) {}

  /**
   * Stores a new application and marks it as waiting for its process to start, in one step. With an
   * idempotency key seen before (24 h), nothing is written and the first application's id returned.
   */
  async create(id: string, dossier: Dossier, createdAt: string, clientKey?: string, extra: Record<string, string> = {}): Promise<{ id: string; created: boolean }> {
    const fields = [
      ...Object.entries(extra).flat(),
      'id', id,
      'channel', dossier.channel,
      'district', dossier.address.district,
      'createdAt', createdAt,
      'status', 'received',
      'applicantKey', applicantKey(dossier.applicant.iin),
      'dossier', JSON.stringify(dossier),
    ];
    const stored = (await this.redis.eval(CREATE, 3, appKey(id), PENDING, idempotencyKey(clientKey ?? ''), clientKey ?? '', id, JSON.stringify(fields))) as string;
    return { id: stored, created: stored === id };
  }

  async get(id: string): Promise<ApplicationRecord | null> {
    const [[, hash], [, breaches]] = (await this.redis.multi().hgetall(appKey(id)).lrange(breachesKey(id), 0, -1).exec()) as [
      [unknown, Record<string, string>],
      [unknown, string[]],
    ];
    if (!hash || !hash.id) return null;
    const results: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(hash)) {
      if (k.startsWith('result:')) results[k.slice('result:'.length)] = JSON.parse(v);
      else if (!FIXED.has(k)) results[k] = v;
    }
    return {
      id: hash.id,
      channel: hash.channel as Dossier['channel'],
      district: hash.district,
      createdAt: hash.createdAt,
      status: hash.status as ApplicationStatus,
      processInstanceId: hash.processInstanceId || undefined,
      dossier: JSON.parse(hash.dossier) as Dossier,
      results,
      breaches: breaches.map((b) => JSON.parse(b) as Breach),
    };
  }

  async dossier(id: string): Promise<Dossier | null> {
    const raw = await this.redis.hget(appKey(id), 'dossier');
    return raw ? (JSON.parse(raw) as Dossier) : null;
  }

  async markStarted(id: string, processInstanceId: string): Promise<void> {
    await this.redis
      .multi()
      .hset(appKey(id), 'processInstanceId', processInstanceId)
      .eval(`if redis.call('HGET', KEYS[1], 'status') == 'received' then redis.call('HSET', KEYS[1], 'status', 'in-progress') end`, 1, appKey(id))
      .srem(PENDING, id)
      .exec();
  }

  pendingStarts(): Promise<string[]> {
    return this.redis.smembers(PENDING);
  }
}

/** Keys and commands for the ledger that append a deadline breach to the application. */
export function appendBreach(id: string, breach: Breach): [string[], Command[]] {
  return [[breachesKey(id)], [['RPUSH', 2, JSON.stringify(breach)]]];
}
