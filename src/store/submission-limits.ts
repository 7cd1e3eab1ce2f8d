import type { Redis } from 'ioredis';
import type { Owner } from './applications.js';

export interface SubmissionPolicy {
  perAccountPerDay: number;
  perCentrePerHour: number;
}

export type Taken = { ok: true } | { ok: false; retryAfterSeconds: number };

export const submissionsKey = (owner: Owner) => `submissions:${owner}`;

// One step, so two requests at once cannot both take the last place: count, start the window on the
// first, and give the place back when it is over the limit.
const TAKE = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('EXPIRE', KEYS[1], ARGV[2]) end
if n > tonumber(ARGV[1]) then
  redis.call('DECR', KEYS[1])
  local ttl = redis.call('TTL', KEYS[1])
  if ttl < 0 then redis.call('EXPIRE', KEYS[1], ARGV[2]) ttl = tonumber(ARGV[2]) end
  return ttl
end
return -1`;

/**
 * How many applications an owner may submit: a portal account so many a day, a service centre so many
 * an hour (its operators submit for many people). The window starts with the owner's first submission.
 */
export class SubmissionLimits {
  constructor(
    private readonly redis: Redis,
    private readonly policy: SubmissionPolicy,
  ) {}

  private limitOf(owner: Owner): { limit: number; windowSeconds: number } {
    return owner.startsWith('centre:')
      ? { limit: this.policy.perCentrePerHour, windowSeconds: 3600 }
      : { limit: this.policy.perAccountPerDay, windowSeconds: 86_400 };
  }

  /** Takes one place in the owner's window, or says when one frees up. */
  async take(owner: Owner): Promise<Taken> {
    const { limit, windowSeconds } = this.limitOf(owner);
    const ttl = Number(await this.redis.eval(TAKE, 1, submissionsKey(owner), limit, windowSeconds));
    return ttl < 0 ? { ok: true } : { ok: false, retryAfterSeconds: Math.max(1, ttl) };
  }

  /** Gives a place back: the submission turned out to be a retry of one already counted. */
  async giveBack(owner: Owner): Promise<void> {
    await this.redis.decr(submissionsKey(owner));
  }
}
