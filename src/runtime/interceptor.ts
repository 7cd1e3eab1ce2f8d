import type { Logger } from '../platform/logger.js';
import type { Outcome } from './pipeline.js';
import type { TaskHandle } from './task-client.js';

/** One task on its way through the pipeline, as the interceptors see it. */
export interface TaskCall {
  task: TaskHandle;
  /** How long the engine locks this worker's tasks. */
  lockMs: number;
  /** From the engine creating the task to the pipeline starting on it; NaN when unknown. */
  pickupMs: number;
  /** The task's logger: application id, topic, task id, process instance and worker id. */
  log: Logger;
}

/**
 * A hook around the pipeline, after Temporal's worker interceptors: metrics, logs and lock extension
 * each see every task and what came of it, and run-workers.ts holds none of them.
 */
export interface TaskInterceptor {
  /** Every task the engine hands over, before the daemon runs it or, stopping, gives it back. */
  received?(task: TaskHandle): void;
  /** Around validate → handle → report: `next` resolves to the outcome the engine took, and rejects when it took none. */
  execute?(call: TaskCall, next: () => Promise<Outcome>): Promise<Outcome>;
  /** A side effect found in the idempotency ledger and not done again. */
  replayed?(call: TaskCall, operation: string): void;
  /** A regulation time limit found breached, by the element that times it. */
  breach?(call: TaskCall, element: string): void;
}

/** Runs `core` inside the interceptors' `execute`, the first one outermost. */
export function intercept(
  interceptors: readonly TaskInterceptor[],
  call: TaskCall,
  core: () => Promise<Outcome>,
): Promise<Outcome> {
  const run = interceptors.reduceRight<() => Promise<Outcome>>((next, interceptor) => {
    const execute = interceptor.execute?.bind(interceptor);
    return execute ? () => execute(call, next) : next;
  }, core);
  return run();
}
