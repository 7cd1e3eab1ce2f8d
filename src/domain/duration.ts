/** ISO 8601 durations as the engine's timers use them (PnDTnHnMnS; weeks; no months or years). */
const PATTERN = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

export function durationMs(iso: string): number {
  const m = PATTERN.exec(iso);
  if (!m || iso === 'P' || iso.endsWith('T')) throw new Error(`not an ISO 8601 duration of days and time: ${iso}`);
  const [, w, d, h, min, s] = m.map((x) => (x === undefined ? 0 : Number(x)));
  return ((((w * 7 + d) * 24 + h) * 60 + min) * 60 + s) * 1000;
}

export function addDuration(isoInstant: string, iso: string): string {
  return new Date(Date.parse(isoInstant) + durationMs(iso)).toISOString();
}

const UNITS = ['week', 'day', 'hour', 'minute', 'second'] as const;

/** A duration as the regulation says it: PT15M → "15 minutes", P1D → "1 day", PT1H30M → "1 hour 30 minutes". */
export function durationWords(iso: string): string {
  durationMs(iso);
  const [, ...parts] = PATTERN.exec(iso)!;
  return parts
    .map((n, i) => (n === undefined || Number(n) === 0 ? '' : `${n} ${UNITS[i]}${Number(n) === 1 ? '' : 's'}`))
    .filter(Boolean)
    .join(' ');
}
