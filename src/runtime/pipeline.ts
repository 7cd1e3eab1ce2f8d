import pRetry from 'p-retry';
import type { z } from 'zod';
import { backoffMs } from './backoff.js';
import { MissingRecordError } from '../store/step-effects.js';
import type { TaskHandle } from './task-client.js';
import { BpmnError, type StepContext, type WorkerDefinition } from './worker.js';

/**
 * One task's way through a daemon: validate its variables, handle it, and report the outcome to the
 * engine. Each stage is a function of its own; run-workers.ts polls and wires them.
 */

/** A failure of ours that retrying will not mend by itself; the message says what to fix. */
export class TechnicalError extends Error {}

export type Outcome =
  | { kind: 'complete'; variables: Record<string, unknown> }
  | { kind: 'bpmn-error'; code: string; message: string; variables: Record<string, unknown> }
  | {
      kind: 'failure';
      message: string;
      errorMessage: string;
      errorDetails: string;
      retries: number;
      retryTimeout: number;
    };

/** The variables the worker reads, checked against its `input` schema. */
export function validate(definition: WorkerDefinition, variables: Record<string, unknown>): Record<string, unknown> {
  if (!definition.input) return {};
  const parsed = (definition.input as z.ZodType<Record<string, unknown>>).safeParse(variables);
  if (parsed.success) return parsed.data;
  throw new TechnicalError(
    `the process variables do not fit this step: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
  );
}

export interface RetryPolicy {
  /** Retries after the first attempt, before an incident. */
  retries: number;
  baseMs: number;
}

/** A failed attempt as the engine records it: how many are left, when to try again, and what an operator reads in Cockpit. */
export function failure(
  topic: string,
  applicationId: string,
  retriesLeft: number | null,
  policy: RetryPolicy,
  error: unknown,
): Outcome {
  const e = error instanceof Error ? error : new Error(String(error));
  const retries = Math.max(0, retriesLeft === null ? policy.retries : retriesLeft - 1);
  // The attempt that just failed, counted from 1 (the engine's count starts at null, before any failure).
  const attempt = policy.retries - retries + 1;
  const errorMessage =
    retries > 0
      ? `${topic} failed for application ${applicationId} (attempt ${attempt}, ${retries} left): ${e.message}`
      : `${topic} failed for application ${applicationId} after ${policy.retries + 1} attempts: ${e.message}. Fix the cause, then retry the task in Cockpit.`;
  return {
    kind: 'failure',
    message: e.message,
    errorMessage: errorMessage.slice(0, 3900),
    errorDetails: e.stack ?? e.message,
    retries,
    retryTimeout: retries > 0 ? backoffMs(attempt - 1, policy.baseMs) : 0,
  };
}

/** Validates and runs the handler; whatever happens becomes the outcome to report. */
export async function handle(
  definition: WorkerDefinition,
  task: Pick<TaskHandle, 'applicationId' | 'retries' | 'variables'>,
  context: (variables: Record<string, unknown>) => StepContext,
  policy: RetryPolicy,
): Promise<Outcome> {
  try {
    const variables = validate(definition, task.variables);
    return { kind: 'complete', variables: (await definition.handle(context(variables))) ?? {} };
  } catch (e) {
    if (e instanceof BpmnError) return { kind: 'bpmn-error', code: e.code, message: e.message, variables: e.variables };
    return failure(
      definition.topic,
      task.applicationId,
      task.retries,
      policy,
      e instanceof MissingRecordError ? new TechnicalError(e.message) : e,
    );
  }
}

/** Handles the task and reports its outcome to the engine: the core the interceptors wrap (interceptor.ts). */
export async function runTask(
  definition: WorkerDefinition,
  task: Pick<TaskHandle, 'applicationId' | 'retries' | 'variables' | 'complete' | 'bpmnError' | 'fail'>,
  context: (variables: Record<string, unknown>) => StepContext,
  policy: RetryPolicy,
): Promise<Outcome> {
  const outcome = await handle(definition, task, context, policy);
  await report(task, outcome);
  return outcome;
}

/**
 * The engine's answer may be a passing conflict (optimistic locking with a timer or another task of the
 * same instance) or a network fault: those are tried again at once, a few times. A 4xx (the lock is
 * lost, the task is gone) is final.
 */
export function isTransient(e: unknown): boolean {
  const status = (e as { httpStatusCode?: number }).httpStatusCode;
  if (status === undefined) return true;
  return (
    status >= 500 && /OptimisticLocking|ProcessEngineException|could not execute/i.test((e as Error).message ?? '')
  );
}

/** Sends the outcome to the engine. */
export function report(
  task: Pick<TaskHandle, 'complete' | 'bpmnError' | 'fail'>,
  outcome: Outcome,
  attempts = 5,
): Promise<void> {
  const send = () => {
    switch (outcome.kind) {
      case 'complete':
        return task.complete(outcome.variables);
      case 'bpmn-error':
        return task.bpmnError(outcome.code, outcome.message, outcome.variables);
      case 'failure':
        return task.fail({
          errorMessage: outcome.errorMessage,
          errorDetails: outcome.errorDetails,
          retries: outcome.retries,
          retryTimeout: outcome.retryTimeout,
        });
    }
  };
  return pRetry(send, {
    retries: attempts - 1,
    minTimeout: 100,
    maxTimeout: 2_000,
    randomize: true,
    shouldRetry: ({ error }) => isTransient(error),
  });
}
