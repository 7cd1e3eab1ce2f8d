import { Redis } from 'ioredis';

/**
 * One connection with the deployment's key prefix; commands wait (and retry) while Redis is down. The
 * user is REDIS_URL's; `password`, when given, is its password (REDIS_PASSWORD_FILE keeps it out of the URL).
 */
export function connectRedis(url: string, prefix: string, password?: string): Redis {
  // In the URL: ioredis lets the URL's (empty) password win over an option's.
  const withPassword = new URL(url);
  if (password) withPassword.password = encodeURIComponent(password);
  return new Redis(withPassword.toString(), {
    keyPrefix: prefix,
    maxRetriesPerRequest: null,
    retryStrategy: (times) => Math.min(200 * 2 ** Math.min(times, 6), 10_000),
    lazyConnect: false,
  });
}
