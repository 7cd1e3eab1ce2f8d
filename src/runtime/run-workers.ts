import { EventEmitter } from 'node:events';
import { BasicAuthInterceptor, Client, Variables, type Task, type TaskService } from 'camunda-external-task-client-js';
import type { Redis } from 'ioredis';
import type { Config } from '../config.js';
import { parseEngineTime } from '../engine/camunda.js';
import { AUDIT_STREAM, Applications, appKey, auditCommand, resultCommands } from '../store/applications.js';
import { Ledger, ledgerKey, type Command } from '../store/ledger.js';
import { backoffMs } from './backoff.js';
import type { Logger } from './logger.js';
import type { WorkerMetrics } from './metrics.js';
import { BpmnError, type StepContext, type WorkerDefinition } from './worker.js';

export interface RunningWorkers {
  client: Client;
  /** 'picked' (topic, pickup ms) for every task a handler starts on. */
  events: EventEmitter;
  inFlight(): number;
  /** Stops fetching, waits for running handlers up to `graceMs`, unlocks what is left. */
  stop(graceMs?: number): Promise<void>;
}

export interface WorkerDeps {
  config: Config;
  redis: Redis;
  log: Logger;
  metrics: WorkerMetrics;
  now?: () => Date;
}

/** A failure of ours that retrying will not mend by itself; the message says what to fix. */
class TechnicalError extends Error {}

function describeError(e: unknown): { message: string; details: string } {
  const error = e instanceof Error ? e : new Error(String(e));
  return { message: error.message, details: error.stack ?? error.message };
}

/**
 * The engine's answer to complete/handleFailure/handleBpmnError may be a passing conflict (optimistic
 * locking with a timer or another task of the same instance) or a network fault: those are tried again
 * at once, a few times. A 4xx (the lock is lost, the task is gone) is final.
 */
function isTransient(e: unknown): boolean {
  const status = (e as { httpStatusCode?: number }).httpStatusCode;
  if (status === undefined) return true;
  return status >= 500 && /OptimisticLocking|ProcessEngineException|could not execute/i.test((e as Error).message ?? '');
}

async function reportToEngine(action: () => Promise<void>, attempts = 5): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await action();
    } catch (e) {
      if (attempt + 1 >= attempts || !isTransient(e)) throw e;
      await new Promise((r) => setTimeout(r, backoffMs(attempt, 100, 2_000)));
    }
  }
}

export function runWorkers(definitions: WorkerDefinition[], deps: WorkerDeps): RunningWorkers {
  const { config, redis, log, metrics } = deps;
  const now = deps.now ?? (() => new Date());
  const applications = new Applications(redis);
  const ledger = new Ledger(redis);
  const events = new EventEmitter();
  const held = new Map<string, { task: Task; taskService: TaskService }>();
  const unlocking = new Set<Promise<unknown>>();
  let stopping = false;
  // The engine locks tasks for a long poll even after its client has gone: a stop waits for its own
  // pending poll to come back and unlocks what it brings, so no task waits a lock duration for nobody.
  let polling = false;

  const client = new Client({
    baseUrl: config.CAMUNDA_URL,
    workerId: config.WORKER_ID,
    maxTasks: config.WORKER_MAX_TASKS,
    maxParallelExecutions: config.WORKER_MAX_TASKS,
    asyncResponseTimeout: config.WORKER_LONG_POLL_MS || undefined,
    interval: 10,
    lockDuration: config.WORKER_LOCK_MS,
    autoPoll: false,
    // The engine's REST API is authenticated: the daemons act as the technical user `worker`.
    interceptors: config.CAMUNDA_USER ? new BasicAuthInterceptor({ username: config.CAMUNDA_USER, password: config.CAMUNDA_PASSWORD ?? '' }) : undefined,
  });

  // The client polls again `interval` ms after a failed fetch; while the engine is down we back off.
  let pollFailures = 0;
  client.on('poll:error', (e: Error) => {
    polling = false;
    pollFailures += 1;
    const wait = backoffMs(pollFailures, 250, 15_000);
    if ((e as { httpStatusCode?: number }).httpStatusCode === 401) {
      log.error({ event: 'engine-login-refused', user: config.CAMUNDA_USER, attempt: pollFailures, retryInMs: wait }, 'the engine refused our login: a wrong CAMUNDA_PASSWORD, or the user is locked after failed logins (unlock it in Admin)');
    } else {
      log.warn({ event: 'engine-unreachable', attempt: pollFailures, retryInMs: wait, err: e.message }, 'fetching tasks failed; waiting for the engine');
    }
    client.stop();
    setTimeout(() => { if (!stopping) client.start(); }, wait).unref();
  });
  // The client announces a poll even when all its slots are busy and it will not fetch.
  client.on('poll:start', () => { polling = client.activeTasksCount < config.WORKER_MAX_TASKS; });
  client.on('poll:success', () => {
    polling = false;
    if (pollFailures > 0) log.info({ event: 'engine-reachable', afterAttempts: pollFailures }, 'engine reachable again');
    pollFailures = 0;
  });

  async function execute(definition: WorkerDefinition, task: Task, taskService: TaskService): Promise<void> {
    const topic = definition.topic;
    const lockMs = definition.lockDurationMs ?? config.WORKER_LOCK_MS;
    const maxRetries = definition.retries ?? config.WORKER_RETRIES;
    const applicationId = task.businessKey ?? '';
    const taskLog = log.child({ applicationId, topic, taskId: task.id, processInstanceId: task.processInstanceId, workerId: config.WORKER_ID });
    const pickupMs = Date.now() - parseEngineTime(task.createTime);
    if (Number.isFinite(pickupMs)) {
      metrics.pickup.observe({ topic }, pickupMs / 1000);
      events.emit('picked', topic, pickupMs);
    }

    const extend = setInterval(() => {
      taskService.extendLock(task, lockMs).catch((e: Error) => taskLog.warn({ event: 'lock-not-extended', err: e.message }, 'could not extend the lock'));
    }, Math.max(1000, Math.floor(lockMs / 2)));
    try {
      let outcome: Record<string, unknown> | void;
      try {
        const input = definition.input?.safeParse(task.variables.getAll());
        if (input && !input.success) {
          throw new TechnicalError(`the process variables do not fit this step: ${input.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
        }
        outcome = await definition.handle(context(task, taskLog, input?.data ?? {}));
      } catch (e) {
        if (e instanceof BpmnError) {
          await reportToEngine(() => taskService.handleBpmnError(task, e.code, e.message, new Variables().setAll(e.variables)));
          metrics.bpmnErrors.inc({ topic });
          taskLog.info({ event: 'bpmn-error', code: e.code }, e.message);
          return;
        }
        const retries = task.retries === null ? maxRetries : task.retries - 1;
        const attempt = maxRetries - retries;
        const { message, details } = describeError(e);
        const errorMessage = retries > 0
          ? `${topic} failed for application ${applicationId} (attempt ${attempt}, ${retries} left): ${message}`
          : `${topic} failed for application ${applicationId} after ${maxRetries + 1} attempts: ${message}. Fix the cause, then retry the task in Cockpit.`;
        await reportToEngine(() => taskService.handleFailure(task, {
          errorMessage: errorMessage.slice(0, 3900),
          errorDetails: details,
          retries: Math.max(0, retries),
          retryTimeout: retries > 0 ? backoffMs(attempt, config.WORKER_RETRY_BASE_MS) : 0,
        }));
        metrics.failed.inc({ topic });
        taskLog.error({ event: retries > 0 ? 'task-failed' : 'incident', retriesLeft: Math.max(0, retries), err: message }, errorMessage);
        return;
      }
      const variables = new Variables().setAll(outcome ?? {});
      await reportToEngine(() => taskService.complete(task, variables));
      metrics.completed.inc({ topic });
      taskLog.info({ event: 'task-completed' }, 'task completed');
    } catch (e) {
      // The engine did not take the result (lock lost, engine down): the task stays with the engine
      // and is delivered again after its lock; the ledger makes that harmless.
      metrics.notCompleted.inc({ topic });
      taskLog.warn({ event: 'task-not-completed', err: describeError(e).message }, 'the engine did not take the result; the task will be delivered again');
    } finally {
      clearInterval(extend);
    }
  }

  function context(task: Task, taskLog: Logger, variables: Record<string, unknown>): StepContext {
    const applicationId = task.businessKey ?? '';
    const topic = task.topicName;
    const ctx: StepContext = {
      applicationId,
      processInstanceId: task.processInstanceId,
      activityId: task.activityId,
      taskId: task.id,
      variables,
      config,
      log: taskLog,
      metrics,
      applications,
      now,
      dossier: async () => {
        const dossier = await applications.dossier(applicationId);
        if (!dossier) throw new TechnicalError(`no dossier in Redis for application ${applicationId}; restore it from the intake backup`);
        return dossier;
      },
      once: async (operation, result, keys, commands) => {
        const done = await ledger.commitOnce(ledgerKey(task.processInstanceId, task.activityInstanceId, operation), result, keys, commands);
        if (done.replayed) {
          metrics.replayed.inc({ topic });
          taskLog.info({ event: 'side-effect-replayed', operation }, 'side effect already done; using the stored result');
        }
        return done;
      },
      record: (step, result, effects = {}) => {
        const lists = effects.append ?? [];
        const auditIndex = 3 + lists.length;
        const at = now().toISOString();
        const commands: Command[] = [
          ...resultCommands(2, step, result, effects.status),
          ...lists.map((l, i): Command => ['RPUSH', 3 + i, JSON.stringify(l.item)]),
          ...(effects.audit ?? []).map((a): Command => auditCommand(auditIndex, { at, actor: `worker:${topic}`, action: a.action, applicationId, detail: a.detail })),
        ];
        const keys = [appKey(applicationId), ...lists.map((l) => l.key), ...(effects.audit?.length ? [AUDIT_STREAM] : [])];
        return ctx.once(step, result, keys, commands);
      },
      askOnce: async (operation, ask) => {
        const key = ledgerKey(task.processInstanceId, task.activityInstanceId, operation);
        const stored = await ledger.stored<Awaited<ReturnType<typeof ask>>>(key);
        if (stored !== undefined) {
          metrics.replayed.inc({ topic });
          return { result: stored, replayed: true };
        }
        return ledger.commitOnce(key, await ask(), [], []);
      },
      stepResult: async (step) => (await applications.result(applicationId, step)) ?? undefined,
      allocateOnce: async (operation, counterKey) => {
        const done = await ledger.allocateOnce(ledgerKey(task.processInstanceId, task.activityInstanceId, operation), counterKey);
        if (done.replayed) metrics.replayed.inc({ topic });
        return done;
      },
    };
    return ctx;
  }

  for (const definition of definitions) {
    const topic = definition.topic;
    const variables = ['channel', ...Object.keys(definition.input?.shape ?? {})];
    client.subscribe(topic, { lockDuration: definition.lockDurationMs ?? config.WORKER_LOCK_MS, variables: [...new Set(variables)] }, async ({ task, taskService }) => {
      metrics.fetched.inc({ topic });
      if (stopping) {
        const unlock = taskService.unlock(task).catch(() => undefined);
        unlocking.add(unlock);
        await unlock;
        unlocking.delete(unlock);
        return;
      }
      held.set(task.id, { task, taskService });
      metrics.inFlight.inc({ topic });
      const stopTimer = metrics.duration.startTimer({ topic });
      try {
        await execute(definition, task, taskService);
      } catch (e) {
        log.error({ event: 'handler-crashed', topic, taskId: task.id, err: describeError(e).message }, 'unexpected error around a handler');
      } finally {
        stopTimer();
        metrics.inFlight.dec({ topic });
        held.delete(task.id);
      }
    });
  }

  client.start();
  log.info({ event: 'workers-started', topics: definitions.map((d) => d.topic), workerId: config.WORKER_ID }, 'workers subscribed');

  return {
    client,
    events,
    inFlight: () => held.size,
    async stop(graceMs = 10_000) {
      stopping = true;
      client.stop();
      const deadline = Date.now() + graceMs;
      while ((held.size > 0 || polling) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      const left = [...held.values()];
      await Promise.all([...unlocking, ...left.map(({ task, taskService }) => taskService.unlock(task).catch(() => undefined))]);
      log.info({ event: 'workers-stopped', unlocked: left.length, pollReturned: !polling }, 'workers stopped');
    },
  };
}
