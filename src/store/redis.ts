import { Redis } from 'ioredis';

/** One connection with the deployment's key prefix; commands wait (and retry) while Redis is down. */
export function connectRedis(url: string, prefix: string): Redis {
  return new Redis(url, {
    keyPrefix: prefix,
    maxRetriesPerRequest: null,
    retryStrategy: (times) => Math.min(200 * 2 ** Math.min(times, 6), 10_000),
    lazyConnect: false,
  });
}
