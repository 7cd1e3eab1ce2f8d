import type { TaskInterceptor } from '../interceptor.js';

/** Keeps the task locked while it runs: the lock is extended by its whole length every half of it (at most once a second). */
export const lockExtension: TaskInterceptor = {
  async execute({ task, lockMs, log }, next) {
    const extend = setInterval(
      () => {
        task
          .extendLock(lockMs)
          .catch((e: Error) => log.warn({ event: 'lock-not-extended', err: e.message }, 'could not extend the lock'));
      },
      Math.max(1000, Math.floor(lockMs / 2)),
    );
    try {
      return await next();
    } finally {
      clearInterval(extend);
    }
  },
};
