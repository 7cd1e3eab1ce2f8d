import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { EngineError } from '../../src/engine/camunda.js';
import { engine, engineAs, until } from '../support/harness.js';

/**
 * docs/architecture.md (the engine row) and docs/operators.md ("Engine login refused"): the engine delays
 * a user's next login after each wrong password and locks the user after 10; an administrator unlocks it.
 * Against the run's real engine, with throwaway users this file creates as administrator (never `worker`
 * or `api`, which the other files need). Camunda's defaults: after wrong attempt n the user is refused
 * for min(3·2^(n-1), 60) s.
 */
const admin = engine();
const password = 'a throwaway password of this file';
const made: string[] = [];
const DELAY_MAX_S = 60;
const delayAfter = (attempt: number) => Math.min(3 * 2 ** (attempt - 1), DELAY_MAX_S) * 1000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function throwawayUser(): Promise<string> {
  const id = `login-test-${randomBytes(4).toString('hex')}`;
  await admin.request('POST', '/user/create', {
    profile: { id, firstName: 'Login', lastName: 'Test', email: `${id}@example.invalid` },
    credentials: { password },
  });
  made.push(id);
  return id;
}

/** The HTTP status of one authenticated call as `user` (200 let in, 401 refused). */
const login = (user: string, withPassword: string) =>
  engineAs(user, withPassword)
    .version()
    .then(
      () => 200,
      (e: unknown) => (e instanceof EngineError ? e.status : 'unreachable'),
    );

/**
 * `wrong` wrong passwords, each after the delay the previous one earned has passed (so each one counts:
 * an attempt while the user is refused is not counted), then waits out the longest delay.
 */
async function failLogins(user: string, wrong: number): Promise<void> {
  for (let attempt = 1; attempt <= wrong; attempt++) {
    expect(await login(user, 'not the password')).toBe(401);
    // Waiting past the engine's bound, never asserting within it: a longer wait changes nothing.
    await sleep((attempt < wrong ? delayAfter(attempt) : DELAY_MAX_S * 1000) + 1_500);
  }
}

beforeAll(async () => {
  await admin.version();
});
afterAll(async () => {
  for (const id of made) await admin.request('DELETE', `/user/${id}`).catch(() => undefined);
});

it('refuses even the right password right after a wrong one, and lets it in once the delay has passed', async () => {
  const user = await throwawayUser();
  expect(await login(user, password)).toBe(200);
  expect(await login(user, 'not the password')).toBe(401);
  const wrongAt = Date.now();
  expect(await login(user, password)).toBe(401);
  await until('the right password to be let in again', async () => (await login(user, password)) === 200, 15_000);
  // The first delay is 3 s; the engine compares with its own clock, so allow it a second.
  expect(Date.now() - wrongAt).toBeGreaterThanOrEqual(2_000);
  // The right password reset the count: a wrong one now earns the first delay again, not the second.
  expect(await login(user, 'not the password')).toBe(401);
  const again = Date.now();
  await until('the right password after the reset', async () => (await login(user, password)) === 200, 15_000);
  expect(Date.now() - again).toBeLessThan(6_000);
}, 60_000);

it('locks a user after 10 wrong passwords (9 only delay), until an administrator unlocks it', async () => {
  const [nine, ten] = [await throwawayUser(), await throwawayUser()];
  await Promise.all([failLogins(nine, 9), failLogins(ten, 10)]);
  // Both waited longer than any delay: only the tenth wrong password locks.
  expect(await login(nine, password)).toBe(200);
  expect(await login(ten, password)).toBe(401);
  await admin.request('POST', `/user/${ten}/unlock`);
  expect(await login(ten, password)).toBe(200);
}, 540_000);
