import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { Ledger } from '../../src/store/ledger.js';
import { UnreadableRecordError } from '../../src/store/stored.js';
import { redis } from '../support/harness.js';

const counted = z.object({ n: z.number() });

let connection: Redis;
let ledger: Ledger;
beforeAll(() => {
  connection = redis();
  ledger = new Ledger(connection);
});
afterAll(() => connection.quit());

describe('the idempotency ledger on the real Redis', () => {
  it('does a side effect once and replays its first result', async () => {
    const key = `ledger:test:${Date.now()}`;
    const list = `list:${Date.now()}`;
    const first = await ledger.commitOnce(key, { n: 1 }, counted, [list], [['RPUSH', 2, 'a']]);
    const second = await ledger.commitOnce(key, { n: 2 }, counted, [list], [['RPUSH', 2, 'b']]);
    expect(first).toEqual({ result: { n: 1 }, replayed: false });
    expect(second).toEqual({ result: { n: 1 }, replayed: true });
    expect(await connection.lrange(list, 0, -1)).toEqual(['a']);
  });

  it('reads a stored result by its schema: one in another shape is reported, not replayed', async () => {
    const key = `ledger:test:${Date.now()}:shape`;
    await connection.set(key, JSON.stringify({ n: 'one' }));
    const replay = ledger.commitOnce(key, { n: 2 }, counted, [], []);
    await expect(replay).rejects.toThrow(UnreadableRecordError);
    await expect(replay).rejects.toThrow(new RegExp(`${key}.*n: Invalid input`));
    await expect(ledger.stored(key, counted)).rejects.toThrow(UnreadableRecordError);
  });

  it('hands out gap-free numbers under concurrency, one per key however often it is asked', async () => {
    const counter = `counter:${Date.now()}`;
    const keys = Array.from({ length: 50 }, (_, i) => `ledger:alloc:${Date.now()}:${i}`);
    const asks = keys.flatMap((k) => [k, k, k]);
    const results = await Promise.all(asks.map((k) => ledger.allocateOnce(k, counter)));
    const byKey = new Map<string, Set<number>>();
    results.forEach((r, i) => byKey.set(asks[i], (byKey.get(asks[i]) ?? new Set()).add(r.result)));
    for (const values of byKey.values()) expect(values.size).toBe(1);
    const numbers = [...byKey.values()].map((s) => [...s][0]).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(results.filter((r) => !r.replayed)).toHaveLength(50);
  });
});
