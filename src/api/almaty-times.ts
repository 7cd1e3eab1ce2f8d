import { z } from 'zod';
import { almatyDateTime } from '../domain/almaty.js';

/** string → Almaty's string, null → null, absent → absent. */
type AlmatyOf<V> = V extends string ? string : V extends null ? null : undefined;

export type WithAlmaty<T, K extends keyof T & string> = T & { [P in K as `${P}Almaty`]: AlmatyOf<T[P]> };

/** What the API shows: each time named in UTC, and beside it as `<name>Almaty` Almaty's "YYYY-MM-DD HH:mm". */
export function withAlmaty<T extends object, K extends keyof T & string>(value: T, ...times: K[]): WithAlmaty<T, K> {
  const local = Object.fromEntries(
    times
      .filter((k) => value[k] !== undefined)
      .map((k) => {
        const at = value[k];
        return [`${k}Almaty`, typeof at === 'string' ? almatyDateTime(at) : null];
      }),
  );
  return { ...value, ...local } as WithAlmaty<T, K>;
}

const almatyTime = z.string().meta({
  description: 'The time before it in Almaty’s time (UTC+5), as people there read it',
  examples: ['2026-12-03 14:05'],
});
type AlmatySchemaOf<S> =
  S extends z.ZodOptional<z.ZodType>
    ? z.ZodOptional<typeof almatyTime>
    : S extends z.ZodNullable<z.ZodType>
      ? z.ZodNullable<typeof almatyTime>
      : typeof almatyTime;

/** withAlmaty's fields as a schema: beside each time `<name>Almaty`, optional or nullable as the time is. */
export function almatyFields<S extends z.ZodRawShape, K extends keyof S & string>(
  shape: S,
  ...times: K[]
): { [P in K as `${P}Almaty`]: AlmatySchemaOf<S[P]> } {
  return Object.fromEntries(
    times.map((k) => {
      const time = shape[k];
      const local =
        time instanceof z.ZodOptional
          ? almatyTime.optional()
          : time instanceof z.ZodNullable
            ? almatyTime.nullable()
            : almatyTime;
      return [`${k}Almaty`, local];
    }),
  ) as { [P in K as `${P}Almaty`]: AlmatySchemaOf<S[P]> };
}
