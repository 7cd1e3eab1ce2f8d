import type { Redis } from 'ioredis';
import { Gauge, type Registry } from 'prom-client';

export interface RedisPersistence {
  /** The append-only file is on (the dossiers and the ledger must survive a crash: docker-compose.yml, npm start). */
  aofEnabled: boolean;
  /** The last write to the append-only file and the last snapshot, where either is used, succeeded. */
  ok: boolean;
}

/** Reads `INFO persistence`: whether Redis keeps an append-only file, and whether its last writes to disk failed. */
export function redisPersistence(info: string): RedisPersistence {
  const fields = new Map(
    info
      .split(/\r?\n/)
      .map((line) => line.split(':', 2) as [string, string | undefined])
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k.trim(), v!.trim()]),
  );
  const aofEnabled = fields.get('aof_enabled') === '1';
  const failed = [
    fields.get('rdb_last_bgsave_status'),
    ...(aofEnabled ? [fields.get('aof_last_write_status'), fields.get('aof_last_bgrewrite_status')] : []),
  ].some((status) => status !== undefined && status !== 'ok');
  return { aofEnabled, ok: !failed };
}

/** `ha_redis_aof_enabled` and `ha_redis_persistence_ok`, read from Redis at each scrape; absent when Redis does not answer. */
export function redisPersistenceMetrics(registry: Registry, redis: Redis) {
  const read = () => redis.info('persistence').then(redisPersistence, () => null);
  let pending: Promise<RedisPersistence | null> | undefined;
  // Both gauges of one scrape share one INFO.
  const once = () =>
    (pending ??= read().finally(() => {
      pending = undefined;
    }));
  return {
    aofEnabled: new Gauge({
      name: 'ha_redis_aof_enabled',
      help: 'Redis keeps an append-only file (1) or not (0)',
      registers: [registry],
      async collect() {
        const p = await once();
        this.reset();
        if (p) this.set(p.aofEnabled ? 1 : 0);
      },
    }),
    ok: new Gauge({
      name: 'ha_redis_persistence_ok',
      help: "Redis's last writes to disk (append-only file, snapshot) succeeded (1) or one failed (0)",
      registers: [registry],
      async collect() {
        const p = await once();
        this.reset();
        if (p) this.set(p.ok ? 1 : 0);
      },
    }),
  };
}
