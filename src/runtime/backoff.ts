/** Exponential backoff with full jitter between half and the whole of the step, capped. */
export function backoffMs(attempt: number, baseMs: number, capMs = 5 * 60_000, random = Math.random): number {
  const step = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt));
  return Math.round(step / 2 + random() * (step / 2));
}
