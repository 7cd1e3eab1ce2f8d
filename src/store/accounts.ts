import { createHash, randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type { Redis } from 'ioredis';
import { applicantKey } from '../domain/iin.js';

/**
 * Portal accounts (process 1, condition 1 of §12): an applicant registers with their IIN and a
 * password, and signs in for a session. Only a key of the IIN is stored, never the IIN; passwords
 * are stored as scrypt hashes; repeated failures lock the account for a while.
 */
const SCRYPT: ScryptOptions = { N: 16384, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const KEY_LENGTH = 32;

function derive(password: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, SCRYPT, (e, key) => (e ? reject(e) : resolve(key))),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  return `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${salt.toString('base64')}$${(await derive(password, salt)).toString('base64')}`;
}

export async function passwordMatches(password: string, stored: string): Promise<boolean> {
  const [scheme, , , , salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = await derive(password, Buffer.from(salt, 'base64'));
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

export const accountKey = (key: string) => `account:${key}`;
const failuresKey = (key: string) => `login-failures:${key}`;
const lockKey = (key: string) => `login-lock:${key}`;
const sessionKey = (token: string) => `session:${createHash('sha256').update(token).digest('hex')}`;
// Spent on unknown accounts too, so the answer's timing does not tell which IINs have accounts.
const DUMMY = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

export interface AccountPolicy {
  /** APPLICANT_KEY_SECRET: accounts are keyed by the HMAC of the IIN. */
  keySecret?: string;
  sessionTtlSeconds: number;
  maxFailures: number;
  lockSeconds: number;
}

export type SignIn =
  | { ok: true; token: string; expiresAt: string; applicantKey: string }
  | { ok: false; reason: 'invalid-credentials' | 'locked'; retryAfterSeconds?: number };

export class Accounts {
  constructor(
    private readonly redis: Redis,
    private readonly policy: AccountPolicy,
  ) {}

  /** false when the IIN already has an account. */
  async register(iin: string, password: string): Promise<boolean> {
    const key = applicantKey(iin, this.policy.keySecret);
    const created = await this.redis.hsetnx(accountKey(key), 'passwordHash', await hashPassword(password));
    if (created) await this.redis.hset(accountKey(key), 'createdAt', new Date().toISOString());
    return created === 1;
  }

  async signIn(iin: string, password: string): Promise<SignIn> {
    const key = applicantKey(iin, this.policy.keySecret);
    const locked = await this.redis.ttl(lockKey(key));
    if (locked > 0) return { ok: false, reason: 'locked', retryAfterSeconds: locked };
    const stored = await this.redis.hget(accountKey(key), 'passwordHash');
    const matches = await passwordMatches(password, stored ?? DUMMY);
    if (!stored || !matches) {
      const failures = await this.redis
        .multi()
        .incr(failuresKey(key))
        .expire(failuresKey(key), this.policy.lockSeconds)
        .exec();
      if (Number(failures?.[0]?.[1]) >= this.policy.maxFailures) {
        await this.redis.multi().set(lockKey(key), '1', 'EX', this.policy.lockSeconds).del(failuresKey(key)).exec();
        return { ok: false, reason: 'locked', retryAfterSeconds: this.policy.lockSeconds };
      }
      return { ok: false, reason: 'invalid-credentials' };
    }
    await this.redis.del(failuresKey(key));
    const token = randomBytes(32).toString('base64url');
    await this.redis.set(sessionKey(token), key, 'EX', this.policy.sessionTtlSeconds);
    return {
      ok: true,
      token,
      applicantKey: key,
      expiresAt: new Date(Date.now() + this.policy.sessionTtlSeconds * 1000).toISOString(),
    };
  }

  /** The applicant key of a live session, or null. */
  session(token: string): Promise<string | null> {
    return this.redis.get(sessionKey(token));
  }

  async signOut(token: string): Promise<void> {
    await this.redis.del(sessionKey(token));
  }

  async isLocked(key: string): Promise<boolean> {
    return (await this.redis.exists(lockKey(key))) === 1;
  }

  async exists(key: string): Promise<boolean> {
    return (await this.redis.exists(accountKey(key))) === 1;
  }
}
