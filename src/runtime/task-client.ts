import { BasicAuthInterceptor, Client, Variables, type Task, type TaskService } from 'camunda-external-task-client-js';
import { parseEngineTime } from '../engine/camunda.js';
import { backoffMs } from './backoff.js';
import type { Logger } from '../platform/logger.js';

/** One fetched external task, as the pipeline sees it: what it is, and the answers the engine takes. */
export interface TaskHandle {
  id: string;
  topic: string;
  applicationId: string;
  processInstanceId: string;
  activityInstanceId: string;
  /** When the engine created the task (ms since the epoch), NaN when unknown. */
  createdAt: number;
  /** Retries left as the engine counts them; null before the first failure. */
  retries: number | null;
  variables: Record<string, unknown>;
  complete(variables: Record<string, unknown>): Promise<void>;
  bpmnError(code: string, message: string, variables: Record<string, unknown>): Promise<void>;
  fail(failure: { errorMessage: string; errorDetails: string; retries: number; retryTimeout: number }): Promise<void>;
  extendLock(ms: number): Promise<void>;
  unlock(): Promise<void>;
}

export interface TaskClientOptions {
  baseUrl: string;
  workerId: string;
  /** Tasks held at once, over every topic. */
  maxTasks: number;
  lockMs: number;
  longPollMs: number;
  credentials?: { user: string; password: string };
  log: Logger;
}

export interface TaskClient {
  subscribe(
    topic: string,
    options: { lockMs: number; variables: string[] },
    run: (task: TaskHandle) => Promise<void>,
  ): void;
  start(): void;
  /** Stops fetching and waits (up to `untilMs`, epoch ms) for a pending long poll to come back. */
  stop(untilMs: number): Promise<{ pollReturned: boolean }>;
}

function handle(task: Task, service: TaskService): TaskHandle {
  return {
    id: task.id,
    topic: task.topicName,
    applicationId: task.businessKey ?? '',
    processInstanceId: task.processInstanceId,
    activityInstanceId: task.activityInstanceId,
    createdAt: parseEngineTime(task.createTime),
    retries: task.retries,
    variables: task.variables.getAll(),
    complete: (variables) => service.complete(task, new Variables().setAll(variables)),
    bpmnError: (code, message, variables) =>
      service.handleBpmnError(task, code, message, new Variables().setAll(variables)),
    fail: (failure) => service.handleFailure(task, failure),
    extendLock: (ms) => service.extendLock(task, ms),
    unlock: () => service.unlock(task),
  };
}

/** The engine's external task client (camunda-external-task-client-js) behind the one interface the pipeline uses. */
export function taskClient(options: TaskClientOptions): TaskClient {
  const { log } = options;
  let stopping = false;
  // The engine locks tasks for a long poll even after its client has gone: a stop waits for its own
  // pending poll to come back, and the subscriptions unlock what it brings.
  let polling = false;
  let pollFailures = 0;
  const client = new Client({
    baseUrl: options.baseUrl,
    workerId: options.workerId,
    maxTasks: options.maxTasks,
    maxParallelExecutions: options.maxTasks,
    asyncResponseTimeout: options.longPollMs || undefined,
    interval: 10,
    lockDuration: options.lockMs,
    autoPoll: false,
    // The engine's REST API is authenticated: the daemons act as the technical user `worker`.
    interceptors: options.credentials
      ? new BasicAuthInterceptor({ username: options.credentials.user, password: options.credentials.password })
      : undefined,
  });

  // The client polls again `interval` ms after a failed fetch; while the engine is down we back off.
  client.on('poll:error', (e: Error) => {
    polling = false;
    pollFailures += 1;
    const wait = backoffMs(pollFailures, 250, 15_000);
    if ((e as { httpStatusCode?: number }).httpStatusCode === 401) {
      log.error(
        { event: 'engine-login-refused', user: options.credentials?.user, attempt: pollFailures, retryInMs: wait },
        'the engine refused our login: a wrong CAMUNDA_PASSWORD, or the user is locked after failed logins (unlock it in Admin)',
      );
    } else {
      log.warn(
        { event: 'engine-unreachable', attempt: pollFailures, retryInMs: wait, err: e.message },
        'fetching tasks failed; waiting for the engine',
      );
    }
    client.stop();
    setTimeout(() => {
      if (!stopping) client.start();
    }, wait).unref();
  });
  // The client announces a poll even when all its slots are busy and it will not fetch.
  client.on('poll:start', () => {
    polling = client.activeTasksCount < options.maxTasks;
  });
  client.on('poll:success', () => {
    polling = false;
    if (pollFailures > 0)
      log.info({ event: 'engine-reachable', afterAttempts: pollFailures }, 'engine reachable again');
    pollFailures = 0;
  });

  return {
    subscribe(topic, { lockMs, variables }, run) {
      client.subscribe(topic, { lockDuration: lockMs, variables }, ({ task, taskService }) =>
        run(handle(task, taskService)),
      );
    },
    start: () => client.start(),
    async stop(untilMs) {
      stopping = true;
      client.stop();
      while (polling && Date.now() < untilMs) await new Promise((r) => setTimeout(r, 20));
      return { pollReturned: !polling };
    },
  };
}
