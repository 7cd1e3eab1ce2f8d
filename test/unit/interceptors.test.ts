import { Writable } from 'node:stream';
import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { pino } from 'pino';
import { z } from 'zod';
import { intercept, type TaskCall, type TaskInterceptor } from '../../src/runtime/interceptor.js';
import { lockExtension } from '../../src/runtime/interceptors/lock-extension.js';
import { taskLogging } from '../../src/runtime/interceptors/logging.js';
import { taskMetrics } from '../../src/runtime/interceptors/metrics.js';
import { workerMetrics, type WorkerMetrics } from '../../src/runtime/metrics.js';
import { runTask } from '../../src/runtime/pipeline.js';
import type { TaskHandle } from '../../src/runtime/task-client.js';
import { BpmnError, defineWorker, type StepContext } from '../../src/runtime/worker.js';

/** A step whose variable `n` says what it does; `wait` holds it until the test lets it go. */
let wait: Promise<void> = Promise.resolve();
const worker = defineWorker({
  topic: 'probe',
  title: 'A probe',
  clause: '§0',
  input: z.object({ n: z.number().int() }),
  async handle(ctx) {
    await wait;
    if (ctx.variables.n < 0) throw new BpmnError('NEGATIVE', 'a negative number');
    if (ctx.variables.n === 0) throw new Error('zero is not allowed');
    return { doubled: ctx.variables.n * 2 };
  },
});
const context = (variables: Record<string, unknown>) => ({ variables }) as unknown as StepContext;
const policy = { retries: 2, baseMs: 100 };

/** A task as the engine hands it over, answering as `engine` says and keeping what it was told. */
function engineTask(n: number, { retries = null as number | null, createdAt = Date.now() - 250, refuse = false } = {}) {
  const told: string[] = [];
  const extended: number[] = [];
  const answer = (what: string) => async () => {
    told.push(what);
    if (refuse) throw Object.assign(new Error('External task is locked by another worker'), { httpStatusCode: 400 });
  };
  const task: TaskHandle = {
    id: 'task-1',
    topic: 'probe',
    applicationId: 'app-1',
    processInstanceId: 'pi-1',
    activityInstanceId: 'ai-1',
    createdAt,
    retries,
    variables: { n },
    complete: answer('complete'),
    bpmnError: answer('bpmnError'),
    fail: answer('fail'),
    extendLock: async (ms) => {
      extended.push(ms);
      if (refuse) throw new Error('the lock is gone');
    },
    unlock: answer('unlock'),
  };
  return { task, told, extended };
}

/** The task's logger, as run-workers makes it, with every line it writes kept. */
function taskLog() {
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  const log = pino({ level: 'info' }, sink).child({ applicationId: 'app-1', topic: 'probe', taskId: 'task-1' });
  return { log, lines };
}

function callOf(task: TaskHandle, lockMs = 30_000) {
  const { log, lines } = taskLog();
  const call: TaskCall = { task, lockMs, pickupMs: Date.now() - task.createdAt, log };
  return { call, lines };
}

const run = (interceptors: TaskInterceptor[], call: TaskCall) =>
  intercept(interceptors, call, () => runTask(worker, call.task, context, policy));

const value = async (metric: { get(): Promise<{ values: Array<{ value: number }> }> }) =>
  (await metric.get()).values.reduce((sum, v) => sum + v.value, 0);
const observations = async (metrics: WorkerMetrics, name: 'duration' | 'pickup') =>
  (await metrics[name].get()).values.find((v) => v.metricName?.endsWith('_count'))?.value ?? 0;

afterEach(() => {
  wait = Promise.resolve();
  jest.useRealTimers();
});

describe('intercept', () => {
  it('runs the pipeline inside the interceptors, the first outermost, each seeing the outcome the engine took', async () => {
    const seen: string[] = [];
    const around = (name: string): TaskInterceptor => ({
      async execute(_call, next) {
        seen.push(`${name} before`);
        const outcome = await next();
        seen.push(`${name} after ${outcome.kind}`);
        return outcome;
      },
    });
    const { task, told } = engineTask(-1);
    const outcome = await run(
      [around('outer'), { received: () => seen.push('received') }, around('inner')],
      callOf(task).call,
    );
    expect(outcome).toMatchObject({ kind: 'bpmn-error', code: 'NEGATIVE' });
    expect(told).toEqual(['bpmnError']);
    expect(seen).toEqual(['outer before', 'inner before', 'inner after bpmn-error', 'outer after bpmn-error']);
  });
  it('with no interceptor, is the pipeline itself', async () => {
    const { task, told } = engineTask(4);
    expect(await run([], callOf(task).call)).toEqual({ kind: 'complete', variables: { doubled: 8 } });
    expect(told).toEqual(['complete']);
  });
});

describe('taskMetrics', () => {
  it('counts each outcome by topic, times the handler and the pickup, and leaves nothing in flight', async () => {
    const metrics = workerMetrics();
    const interceptors = [taskMetrics(metrics)];
    for (const n of [3, 4, -1, 0]) {
      const { task } = engineTask(n);
      interceptors[0].received?.(task);
      await run(interceptors, callOf(task).call);
    }
    await run(interceptors, callOf(engineTask(5, { createdAt: NaN }).task).call);
    expect(await value(metrics.fetched)).toBe(4);
    expect(await value(metrics.completed)).toBe(3);
    expect(await value(metrics.bpmnErrors)).toBe(1);
    expect(await value(metrics.failed)).toBe(1);
    expect(await value(metrics.notCompleted)).toBe(0);
    expect(await value(metrics.inFlight)).toBe(0);
    expect(await observations(metrics, 'duration')).toBe(5);
    // A task without its creation time has no pickup to observe.
    expect(await observations(metrics, 'pickup')).toBe(4);
    expect((await metrics.completed.get()).values[0].labels).toEqual({ topic: 'probe' });
  });
  it('counts a result the engine did not take as not completed, not as completed', async () => {
    const metrics = workerMetrics();
    const { task } = engineTask(4, { refuse: true });
    await expect(run([taskMetrics(metrics)], callOf(task).call)).rejects.toThrow(/locked by another worker/);
    expect(await value(metrics.notCompleted)).toBe(1);
    expect(await value(metrics.completed)).toBe(0);
    expect(await value(metrics.inFlight)).toBe(0);
  });
  it('counts replayed side effects by topic and breaches by element', async () => {
    const metrics = workerMetrics();
    const interceptor = taskMetrics(metrics);
    const { call } = callOf(engineTask(1).task);
    interceptor.replayed?.(call, 'record:registration');
    interceptor.breach?.(call, 'Timer_Registration');
    expect((await metrics.replayed.get()).values).toEqual([{ value: 1, labels: { topic: 'probe' } }]);
    expect((await metrics.breaches.get()).values).toEqual([{ value: 1, labels: { element: 'Timer_Registration' } }]);
  });
});

describe('taskLogging', () => {
  const events = (lines: Array<Record<string, unknown>>) => lines.map((l) => [l.level, l.event]);

  it('logs each outcome once on the task’s logger: completed, refused, failed, then an incident', async () => {
    const logged: Array<Record<string, unknown>> = [];
    for (const [n, retries] of [
      [4, null],
      [-1, null],
      [0, null],
      [0, 1],
    ] as const) {
      const { call, lines } = callOf(engineTask(n, { retries }).task);
      await run([taskLogging], call);
      logged.push(...lines);
    }
    expect(events(logged)).toEqual([
      [30, 'task-completed'],
      [30, 'bpmn-error'],
      [50, 'task-failed'],
      [50, 'incident'],
    ]);
    expect(logged[0]).toMatchObject({ applicationId: 'app-1', topic: 'probe', taskId: 'task-1' });
    expect(logged[1]).toMatchObject({ code: 'NEGATIVE', msg: 'a negative number' });
    expect(logged[2]).toMatchObject({ retriesLeft: 2, err: 'zero is not allowed' });
    expect(logged[3]).toMatchObject({ retriesLeft: 0, msg: expect.stringMatching(/retry the task in Cockpit/) });
  });
  it('says when the engine did not take the result, and passes the error on', async () => {
    const { call, lines } = callOf(engineTask(4, { refuse: true }).task);
    await expect(run([taskLogging], call)).rejects.toThrow(/locked by another worker/);
    expect(events(lines)).toEqual([[40, 'task-not-completed']]);
  });
  it('logs a replayed side effect with its operation', () => {
    const { call, lines } = callOf(engineTask(1).task);
    taskLogging.replayed?.(call, 'record:registration');
    expect(lines).toMatchObject([
      { event: 'side-effect-replayed', operation: 'record:registration', taskId: 'task-1' },
    ]);
  });
});

describe('lockExtension', () => {
  function held() {
    let release = () => {};
    wait = new Promise((resolve) => (release = resolve));
    return () => release();
  }

  it('extends the lock by its whole length every half of it while the step runs, and stops after the report', async () => {
    jest.useFakeTimers();
    const release = held();
    const { task, told, extended } = engineTask(4);
    const running = run([lockExtension], callOf(task, 4_000).call);
    await jest.advanceTimersByTimeAsync(4_500);
    expect(extended).toEqual([4_000, 4_000]);
    release();
    await running;
    expect(told).toEqual(['complete']);
    await jest.advanceTimersByTimeAsync(10_000);
    expect(extended).toHaveLength(2);
  });
  it('extends a short lock at most once a second', async () => {
    jest.useFakeTimers();
    const release = held();
    const { task, extended } = engineTask(4);
    const running = run([lockExtension], callOf(task, 600).call);
    await jest.advanceTimersByTimeAsync(2_500);
    expect(extended).toEqual([600, 600]);
    release();
    await running;
  });
  it('logs a lock it could not extend, and the step goes on', async () => {
    jest.useFakeTimers();
    const release = held();
    const { task, told } = engineTask(4, { refuse: true });
    const { call, lines } = callOf(task, 2_000);
    const running = run([lockExtension], call);
    await jest.advanceTimersByTimeAsync(1_000);
    expect(lines).toMatchObject([{ event: 'lock-not-extended', err: 'the lock is gone' }]);
    release();
    await expect(running).rejects.toThrow(/locked by another worker/);
    expect(told).toEqual(['complete']);
  });
});
