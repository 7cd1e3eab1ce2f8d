import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import {
  failure,
  handle,
  isTransient,
  report,
  TechnicalError,
  validate,
  type Outcome,
} from '../../src/runtime/pipeline.js';
import { BpmnError, defineWorker, type StepContext } from '../../src/runtime/worker.js';

const worker = defineWorker({
  topic: 'probe',
  title: 'A probe',
  clause: '§0',
  input: z.object({ n: z.number().int() }),
  async handle(ctx) {
    if (ctx.variables.n < 0) throw new BpmnError('NEGATIVE', 'a negative number', { sign: -1 });
    if (ctx.variables.n === 0) throw new Error('zero is not allowed');
    return { doubled: ctx.variables.n * 2 };
  },
});
const context = (variables: Record<string, unknown>) => ({ variables }) as unknown as StepContext;
const policy = { retries: 2, baseMs: 100 };
const run = (variables: Record<string, unknown>, retries: number | null = null) =>
  handle(worker, { applicationId: 'app-1', retries, variables }, context, policy);

describe('validate', () => {
  it('passes the variables the worker declares, parsed', () => {
    expect(validate(worker, { n: 3, other: 'x' })).toEqual({ n: 3 });
  });
  it('names each variable that does not fit', () => {
    expect(() => validate(worker, { n: 'three' })).toThrow(TechnicalError);
    expect(() => validate(worker, {})).toThrow(/n: /);
  });
});

describe('handle', () => {
  it('completes with what the handler returns', async () => {
    expect(await run({ n: 4 })).toEqual({ kind: 'complete', variables: { doubled: 8 } });
  });
  it('turns a BpmnError into the error the diagram catches', async () => {
    expect(await run({ n: -1 })).toEqual({
      kind: 'bpmn-error',
      code: 'NEGATIVE',
      message: 'a negative number',
      variables: { sign: -1 },
    });
  });
  it('turns anything else into a failure with the retries left', async () => {
    expect(await run({ n: 0 })).toMatchObject({ kind: 'failure', retries: 2, message: 'zero is not allowed' });
    expect(await run({ n: 0 }, 1)).toMatchObject({ kind: 'failure', retries: 0, retryTimeout: 0 });
  });
});

describe('failure', () => {
  it('counts the attempt and says how many are left', () => {
    const outcome = failure('probe', 'app-1', null, policy, new Error('boom'));
    expect(outcome).toMatchObject({
      kind: 'failure',
      retries: 2,
      errorMessage: 'probe failed for application app-1 (attempt 1, 2 left): boom',
    });
    expect(outcome.kind === 'failure' && outcome.retryTimeout).toBeGreaterThanOrEqual(50);
    expect(failure('probe', 'app-1', 2, policy, new Error('boom'))).toMatchObject({
      retries: 1,
      errorMessage: 'probe failed for application app-1 (attempt 2, 1 left): boom',
    });
  });
  it('after the last attempt, tells the operator what to do in Cockpit', () => {
    expect(failure('probe', 'app-1', 1, policy, new Error('boom'))).toMatchObject({
      retries: 0,
      errorMessage:
        'probe failed for application app-1 after 3 attempts: boom. Fix the cause, then retry the task in Cockpit.',
    });
  });
});

describe('report', () => {
  const engineError = (status: number | undefined, message: string) =>
    Object.assign(new Error(message), { httpStatusCode: status });
  function task(failures: Error[]) {
    const calls: string[] = [];
    const answer = (what: string) => async () => {
      calls.push(what);
      const next = failures.shift();
      if (next) throw next;
    };
    return { calls, complete: answer('complete'), bpmnError: answer('bpmnError'), fail: answer('fail') };
  }
  const complete: Outcome = { kind: 'complete', variables: {} };

  it('tries a passing conflict again, and sends each outcome to its endpoint', async () => {
    const t = task([engineError(500, 'OptimisticLockingException: entity was updated')]);
    await report(t, complete);
    expect(t.calls).toEqual(['complete', 'complete']);
    await report(t, { kind: 'bpmn-error', code: 'X', message: 'x', variables: {} });
    await report(t, failure('probe', 'app-1', null, policy, new Error('boom')));
    expect(t.calls.slice(2)).toEqual(['bpmnError', 'fail']);
  });
  it('gives up at once when the engine says the lock is gone', async () => {
    const t = task([engineError(400, 'External task is locked by another worker')]);
    await expect(report(t, complete)).rejects.toThrow(/locked by another worker/);
    expect(t.calls).toHaveLength(1);
  });
  it('knows which answers are passing', () => {
    expect(isTransient(new Error('socket hang up'))).toBe(true);
    expect(isTransient(engineError(500, 'ProcessEngineException'))).toBe(true);
    expect(isTransient(engineError(500, 'NullPointerException'))).toBe(false);
    expect(isTransient(engineError(404, 'not found'))).toBe(false);
  });
});
