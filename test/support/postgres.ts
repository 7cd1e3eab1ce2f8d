import { spawnSync } from 'node:child_process';

/** A database of the test's own on the machine's PostgreSQL (trust auth), through psql. */
export const PG = {
  host: process.env.PGHOST ?? '127.0.0.1',
  port: Number(process.env.PGPORT ?? 5432),
  user: process.env.PGUSER ?? 'postgres',
};

function psql(sql: string): void {
  const result = spawnSync(
    'psql',
    ['-h', PG.host, '-p', String(PG.port), '-U', PG.user, '-d', 'postgres', '-v', 'ON_ERROR_STOP=1', '-qc', sql],
    { encoding: 'utf8' },
  );
  if (result.status !== 0) throw new Error(`psql failed: ${result.stderr || result.error?.message}`);
}

export function createDatabase(name: string): { url: string; user: string; password: string; drop(): void } {
  psql(`DROP DATABASE IF EXISTS "${name}"`);
  psql(`CREATE DATABASE "${name}"`);
  return {
    url: `jdbc:postgresql://${PG.host}:${PG.port}/${name}`,
    user: PG.user,
    password: '',
    drop: () => psql(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}
