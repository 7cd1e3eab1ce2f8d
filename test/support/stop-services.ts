import type { Started } from '../../src/stack/stack.js';
import { deleteKeysWithPrefix } from './redis-cleanup.js';

/** Removes this run's keys and stops what the setup started. */
export default async function globalTeardown(): Promise<void> {
  const prefix = process.env.REDIS_PREFIX;
  if (process.env.REDIS_URL && prefix?.startsWith('test:')) {
    await deleteKeysWithPrefix(process.env.REDIS_URL, prefix);
  }
  for (const s of ((globalThis as { __STARTED__?: Started[] }).__STARTED__ ?? []).reverse()) await s.stop();
}
