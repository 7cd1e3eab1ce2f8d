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
