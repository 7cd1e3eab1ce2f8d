import { expect, it } from '@jest/globals';
import { redisPersistence } from '../../src/platform/redis-persistence.js';

const info = (fields: Record<string, string>) =>
  ['# Persistence', 'loading:0', ...Object.entries(fields).map(([k, v]) => `${k}:${v}`), ''].join('\r\n');

it('an append-only file whose last write succeeded persists', () => {
  expect(
    redisPersistence(
      info({
        aof_enabled: '1',
        aof_last_write_status: 'ok',
        aof_last_bgrewrite_status: 'ok',
        rdb_last_bgsave_status: 'ok',
      }),
    ),
  ).toEqual({ aofEnabled: true, ok: true });
});

it('a failed write to the append-only file (a full disk) is not ok', () => {
  expect(
    redisPersistence(info({ aof_enabled: '1', aof_last_write_status: 'err', rdb_last_bgsave_status: 'ok' })),
  ).toEqual({ aofEnabled: true, ok: false });
});

it('a failed snapshot is not ok; a Redis without an append-only file says so', () => {
  expect(
    redisPersistence(info({ aof_enabled: '0', aof_last_write_status: 'ok', rdb_last_bgsave_status: 'err' })),
  ).toEqual({ aofEnabled: false, ok: false });
  expect(
    redisPersistence(info({ aof_enabled: '0', aof_last_write_status: 'err', rdb_last_bgsave_status: 'ok' })),
  ).toEqual({ aofEnabled: false, ok: true });
});
