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
