import type { Redis } from 'ioredis';
import type { z } from 'zod';
import { parseStoredJson } from './stored.js';

/**
 * The idempotency ledger: a side effect in Redis and the record that it happened are written in one
 * Lua script, so a task delivered again (lock expiry, retry, a crash before `complete`) finds the
 * record and replays the stored result instead of doing the effect twice.
 */
export type Command = [name: string, keyIndex: number, ...args: string[]];

export interface Once<T> {
  result: T;
  replayed: boolean;
}

const KEEP_SECONDS = 90 * 24 * 3600;

const COMMIT_ONCE = `
local existing = redis.call('GET', KEYS[1])
if existing then return {0, existing} end
for _, c in ipairs(cjson.decode(ARGV[2])) do
  local args = {c[1], KEYS[c[2]]}
  for i = 3, #c do args[#args + 1] = c[i] end
  redis.call(unpack(args))
end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[3])
return {1, ARGV[1]}`;

const ALLOCATE_ONCE = `
local existing = redis.call('GET', KEYS[1])
if existing then return {0, existing} end
local n = redis.call('INCR', KEYS[2])
redis.call('SET', KEYS[1], n, 'EX', ARGV[1])
return {1, tostring(n)}`;

export function ledgerKey(processInstanceId: string, activityInstanceId: string, operation: string): string {
  return `ledger:${processInstanceId}:${activityInstanceId}:${operation}`;
}

type Scripted = Redis & {
  commitOnce(numberOfKeys: number, ...args: string[]): Promise<[number, string]>;
  allocateOnce(ledger: string, counter: string, keepSeconds: string): Promise<[number, string]>;
};

export class Ledger {
  private readonly redis: Scripted;

  constructor(redis: Redis) {
    // Sent once, then run by hash (EVALSHA); ioredis applies the key prefix to the declared keys.
    redis.defineCommand('commitOnce', { lua: COMMIT_ONCE });
    redis.defineCommand('allocateOnce', { lua: ALLOCATE_ONCE, numberOfKeys: 2 });
    this.redis = redis as Scripted;
  }

  /**
   * Runs `commands` and stores `result` under `key`, unless `key` is already there; either way
   * returns the stored result, read by `schema`. Keys in commands are indexes into `keys` (1 is the ledger key).
   */
  async commitOnce<T>(
    key: string,
    result: T,
    schema: z.ZodType<T>,
    keys: string[],
    commands: Command[],
  ): Promise<Once<T>> {
    const [fresh, stored] = await this.redis.commitOnce(
      1 + keys.length,
      key,
      ...keys,
      JSON.stringify(result),
      JSON.stringify(commands),
      String(KEEP_SECONDS),
    );
    return { result: parseStoredJson(schema, stored, key), replayed: fresh === 0 };
  }

  /** The result stored under `key`, if an earlier delivery recorded one. */
  async stored<T>(key: string, schema: z.ZodType<T>): Promise<T | undefined> {
    const raw = await this.redis.get(key);
    return raw === null ? undefined : parseStoredJson(schema, raw, key);
  }

  /** The next value of `counterKey`, taken once for `key`: no gap, no second number for a redelivery. */
  async allocateOnce(key: string, counterKey: string): Promise<Once<number>> {
    const [fresh, stored] = await this.redis.allocateOnce(key, counterKey, String(KEEP_SECONDS));
    return { result: Number(stored), replayed: fresh === 0 };
  }
}
