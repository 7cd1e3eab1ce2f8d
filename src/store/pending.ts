import type { Redis } from 'ioredis';
import type { DeskMark } from '../domain/trays.js';

const startLockKey = (id: string) => `start-lock:${id}`;
const deskKey: Record<DeskMark, string> = { 'at-desk': 'at-desk-pending', 'handed-over': 'handover-pending' };

/** What the API still owes the engine: a process start in progress, step 6's marks not yet passed on. */
export class Pending {
  constructor(private readonly redis: Redis) {}

  /** One starter at a time per application (30 s, in case the starter dies): true when this one may start it. */
  async lockStart(id: string): Promise<boolean> {
    return (await this.redis.set(startLockKey(id), '1', 'PX', 30_000, 'NX')) === 'OK';
  }

  async releaseStart(id: string): Promise<void> {
    await this.redis.del(startLockKey(id));
  }

  /** Keeps a desk mark until the engine has it. */
  async holdDesk(kind: DeskMark, id: string): Promise<void> {
    await this.redis.sadd(deskKey[kind], id);
  }

  async passedDesk(kind: DeskMark, id: string): Promise<void> {
    await this.redis.srem(deskKey[kind], id);
  }

  desks(kind: DeskMark): Promise<string[]> {
    return this.redis.smembers(deskKey[kind]);
  }
}
