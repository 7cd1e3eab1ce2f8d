import { createHash } from 'node:crypto';

/** The services that use Redis, each as an ACL user of its own (docker-compose.yml: REDIS_URL's user). */
export const REDIS_USERS = ['api', 'workers'] as const;
export type RedisUser = (typeof REDIS_USERS)[number];

/**
 * Redis's users file (`--aclfile`): the default user may only answer the health check's PING; each
 * service reaches only the deployment's keys (`prefix`), no pub/sub channels, and no dangerous command
 * (FLUSHALL, CONFIG, KEYS, DEBUG, …) but INFO, which ioredis's ready check sends. Passwords are stored
 * as SHA-256 hashes, so the file itself gives no one a login.
 */
export function redisAclFile(passwords: Record<RedisUser, string>, prefix: string): string {
  if (!/^[\w:.-]+$/.test(prefix)) throw new Error(`a Redis key prefix of letters, digits and : . - _, not ${prefix}`);
  const sha256 = (p: string) => createHash('sha256').update(p).digest('hex');
  return [
    'user default on nopass resetkeys resetchannels -@all +ping',
    ...REDIS_USERS.map(
      (u) => `user ${u} on #${sha256(passwords[u])} resetkeys ~${prefix}* resetchannels +@all -@dangerous +info`,
    ),
    '',
  ].join('\n');
}
