import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import type { Redis } from 'ioredis';
import { applicantKey } from '../domain/iin.js';

/**
 * Portal accounts (process 1, condition 1 of §12). The password is set — at registration and at every
 * reset — only by signing a server challenge with the person's EDS (the route checks the signature);
 * then the applicant signs in with IIN and password for a session. Only a key of the IIN is stored,
 * never the IIN; passwords are stored as scrypt hashes with their parameters. Repeated failures are
 * slowed down per account and client and per client, never locking the owner out elsewhere.
 */
export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}
/** OWASP's minimum for scrypt: N=2^17, r=8, p=1 (128 MiB, 128·N·r bytes, per hash). */
export const SCRYPT: ScryptParams = { N: 2 ** 17, r: 8, p: 1 };
const KEY_LENGTH = 32;
const STORED = /^scrypt\$(\d+)\$(\d+)\$(\d+)\$([A-Za-z0-9+/]+=*)\$([A-Za-z0-9+/]+=*)$/;

function derive(password: string, salt: Buffer, { N, r, p }: ScryptParams): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, { N, r, p, maxmem: 2 * 128 * N * r }, (e, key) =>
      e ? reject(e) : resolve(key),
    ),
  );
}

export async function hashPassword(password: string, params: ScryptParams = SCRYPT): Promise<string> {
  const salt = randomBytes(16);
  const hash = await derive(password, salt, params);
  return `scrypt$${params.N}$${params.r}$${params.p}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

/** The parameters a stored hash was made with, if they are ones this service would ever have used. */
function parse(stored: string): { params: ScryptParams; salt: Buffer; hash: Buffer } | null {
  const m = STORED.exec(stored);
  if (!m) return null;
  const params = { N: Number(m[1]), r: Number(m[2]), p: Number(m[3]) };
  const sane =
    params.N >= 2 ** 14 && params.N <= 2 ** 20 && (params.N & (params.N - 1)) === 0 && params.r <= 16 && params.p <= 4;
  return sane ? { params, salt: Buffer.from(m[4], 'base64'), hash: Buffer.from(m[5], 'base64') } : null;
}

export async function passwordMatches(password: string, stored: string): Promise<boolean> {
  const parsed = parse(stored);
  if (!parsed) return false;
  const actual = await derive(password, parsed.salt, parsed.params);
  return actual.length === parsed.hash.length && timingSafeEqual(actual, parsed.hash);
}

const isCurrent = (stored: string) => stored.startsWith(`scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$`);

// Spent on unknown accounts too, at the current parameters, so the answer's timing does not tell which IINs have accounts.
let dummy: Promise<string> | undefined;
const dummyHash = () => (dummy ??= hashPassword(randomBytes(16).toString('hex')));

export const accountKey = (key: string) => `account:${key}`;
const sessionKey = (token: string) => `session:${createHash('sha256').update(token).digest('hex')}`;
const accountSessionsKey = (key: string) => `account-sessions:${key}`;
const challengeKey = (challenge: string) => `portal-challenge:${createHash('sha256').update(challenge).digest('hex')}`;
/** A client (its address) only as a hash: Redis holds no addresses. */
const clientId = (client: string) => createHash('sha256').update(client).digest('hex').slice(0, 32);
const throttleKey = (scope: string) => `login-throttle:${scope}`;

/** What the portal signs to prove the person: random, single-use, naming its purpose. */
export const CHALLENGE_PREFIX = 'almaty-housing-assistance portal account ';

export interface AccountPolicy {
  /** APPLICANT_KEY_SECRET: accounts are keyed by the HMAC of the IIN. */
  keySecret?: string;
  sessionTtlSeconds: number;
  challengeTtlSeconds: number;
  /** Failures of one client on one account in the window before each further try waits. */
  maxFailures: number;
  /** Failures of one client on all accounts in the window before each further try waits. */
  clientMaxFailures: number;
  /** How long failures are remembered; also the longest wait. */
  failureWindowSeconds: number;
}

export type SignIn =
  | { ok: true; token: string; expiresAt: string; applicantKey: string }
  | { ok: false; reason: 'invalid-credentials' }
  | { ok: false; reason: 'slow-down'; retryAfterSeconds: number };

export class Accounts {
  constructor(
    private readonly redis: Redis,
    private readonly policy: AccountPolicy,
  ) {}

  /** A fresh challenge for POST /portal/accounts, kept for challengeTtlSeconds. */
  async challenge(): Promise<{ challenge: string; expiresAt: string }> {
    const challenge = CHALLENGE_PREFIX + randomBytes(32).toString('base64url');
    await this.redis.set(challengeKey(challenge), '1', 'EX', this.policy.challengeTtlSeconds);
    return { challenge, expiresAt: new Date(Date.now() + this.policy.challengeTtlSeconds * 1000).toISOString() };
  }

  /** true once for a challenge this service issued and that has not expired: it is spent either way. */
  async takeChallenge(challenge: string): Promise<boolean> {
    return (await this.redis.getdel(challengeKey(challenge))) !== null;
  }

  /**
   * Sets the password of the IIN's account, creating it if there is none; call only after the person
   * proved the IIN with their EDS. A reset ends the account's sessions and lifts the client's wait.
   */
  async setPassword(iin: string, password: string, client: string): Promise<void> {
    const key = applicantKey(iin, this.policy.keySecret);
    const now = new Date().toISOString();
    const hash = await hashPassword(password);
    const sessions = await this.redis.smembers(accountSessionsKey(key));
    await this.redis
      .multi()
      .hsetnx(accountKey(key), 'createdAt', now)
      .hset(accountKey(key), 'passwordHash', hash, 'passwordSetAt', now)
      .del(...sessions, accountSessionsKey(key), ...this.throttleKeys(key, client))
      .exec();
  }

  async signIn(iin: string, password: string, client: string): Promise<SignIn> {
    const key = applicantKey(iin, this.policy.keySecret);
    const [pair, own] = this.throttleScopes(key, client);
    // No hash is spent while a wait runs: the wait does not depend on whether the account exists.
    const wait = Math.max(await this.waitOf(pair), await this.waitOf(own));
    if (wait > 0) return { ok: false, reason: 'slow-down', retryAfterSeconds: wait };
    const stored = await this.redis.hget(accountKey(key), 'passwordHash');
    const matches = await passwordMatches(password, stored ?? (await dummyHash()));
    if (!stored || !matches) {
      await this.fail(pair, this.policy.maxFailures);
      await this.fail(own, this.policy.clientMaxFailures);
      return { ok: false, reason: 'invalid-credentials' };
    }
    // A hash made with weaker parameters is replaced now that the password is at hand.
    if (!isCurrent(stored)) await this.redis.hset(accountKey(key), 'passwordHash', await hashPassword(password));
    const token = randomBytes(32).toString('base64url');
    await this.redis
      .multi()
      .set(sessionKey(token), key, 'EX', this.policy.sessionTtlSeconds)
      .sadd(accountSessionsKey(key), sessionKey(token))
      .expire(accountSessionsKey(key), this.policy.sessionTtlSeconds)
      .del(throttleKey(pair), `${throttleKey(pair)}:wait`)
      .exec();
    return {
      ok: true,
      token,
      applicantKey: key,
      expiresAt: new Date(Date.now() + this.policy.sessionTtlSeconds * 1000).toISOString(),
    };
  }

  private throttleScopes(key: string, client: string): [pair: string, client: string] {
    const id = clientId(client);
    return [`${key}:${id}`, `client:${id}`];
  }

  private throttleKeys(key: string, client: string): string[] {
    const [pair] = this.throttleScopes(key, client);
    return [throttleKey(pair), `${throttleKey(pair)}:wait`];
  }

  private async waitOf(scope: string): Promise<number> {
    const ms = await this.redis.pttl(`${throttleKey(scope)}:wait`);
    return ms > 0 ? Math.ceil(ms / 1000) : 0;
  }

  /** Counts a failure; past `allowed` in the window, the next try waits 1, 2, 4 … seconds (at most the window). */
  private async fail(scope: string, allowed: number): Promise<void> {
    const window = this.policy.failureWindowSeconds;
    const result = await this.redis.multi().incr(throttleKey(scope)).expire(throttleKey(scope), window).exec();
    const failures = Number(result?.[0]?.[1]);
    if (failures < allowed) return;
    const wait = Math.min(2 ** Math.min(failures - allowed, 30), window);
    await this.redis.set(`${throttleKey(scope)}:wait`, '1', 'EX', wait);
  }

  /** The applicant key of a live session, or null. */
  session(token: string): Promise<string | null> {
    return this.redis.get(sessionKey(token));
  }

  async signOut(token: string): Promise<void> {
    await this.redis.del(sessionKey(token));
  }

  async exists(key: string): Promise<boolean> {
    return (await this.redis.exists(accountKey(key))) === 1;
  }
}
