import type { TaskInterceptor } from '../interceptor.js';

/** One log line per task's outcome, on the task's logger. */
export const taskLogging: TaskInterceptor = {
  async execute({ log }, next) {
    let outcome;
    try {
      outcome = await next();
    } catch (e) {
      log.warn(
        { event: 'task-not-completed', err: (e as Error).message },
        'the engine did not take the result; the task will be delivered again',
      );
      throw e;
    }
    if (outcome.kind === 'complete') log.info({ event: 'task-completed' }, 'task completed');
    else if (outcome.kind === 'bpmn-error') log.info({ event: 'bpmn-error', code: outcome.code }, outcome.message);
    else
      log.error(
        { event: outcome.retries > 0 ? 'task-failed' : 'incident', retriesLeft: outcome.retries, err: outcome.message },
        outcome.errorMessage,
      );
    return outcome;
  },
  replayed: ({ log }, operation) =>
    log.info({ event: 'side-effect-replayed', operation }, 'side effect already done; using the stored result'),
};
