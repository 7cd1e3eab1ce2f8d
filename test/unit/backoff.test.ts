import { describe, expect, it } from '@jest/globals';
import { backoffMs } from '../../src/runtime/backoff.js';

describe('retry backoff', () => {
  it('doubles per attempt, jittered between half and the whole step', () => {
    expect(backoffMs(0, 1000, 60_000, () => 0)).toBe(500);
    expect(backoffMs(0, 1000, 60_000, () => 1)).toBe(1000);
    expect(backoffMs(3, 1000, 60_000, () => 1)).toBe(8000);
  });
  it('is capped', () => {
    expect(backoffMs(30, 1000, 60_000, () => 1)).toBe(60_000);
  });
});
