import { Redis } from 'ioredis';
import type { Started } from '../../src/cli/stack.js';

/** Removes this run's keys and stops what the setup started. */
export default async function globalTeardown(): Promise<void> {
  const prefix = process.env.REDIS_PREFIX;
  if (process.env.REDIS_URL && prefix?.startsWith('test:')) {
    const redis = new Redis(process.env.REDIS_URL);
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
    await redis.quit();
  }
  for (const s of ((globalThis as { __STARTED__?: Started[] }).__STARTED__ ?? []).reverse()) await s.stop();
}
