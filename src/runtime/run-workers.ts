import { EventEmitter } from 'node:events';
import type { Redis } from 'ioredis';
import type { Config } from '../config.js';
import { Applications } from '../store/applications.js';
import { Ledger } from '../store/ledger.js';
import { redisStepEffects } from '../store/step-effects.js';
import type { Logger } from '../platform/logger.js';
import type { WorkerMetrics } from './metrics.js';
import { handle, report, type Outcome } from './pipeline.js';
import { stepServices } from '../platform/services.js';
import { taskClient, type TaskHandle } from './task-client.js';
import type { StepContext, StepServices, WorkerDefinition } from './worker.js';

export interface RunningWorkers {
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
  services?: StepServices;
}

/** Polls the engine for every worker's topic and runs each task through the pipeline: validate → handle → report. */
export function runWorkers(definitions: WorkerDefinition[], deps: WorkerDeps): RunningWorkers {
  const { config, log, metrics } = deps;
  const now = deps.now ?? (() => new Date());
  const applications = new Applications(deps.redis);
  const ledger = new Ledger(deps.redis);
  const services = deps.services ?? stepServices(config);
  const settings = {
    regulation: config.regulation,
    rules: config.rules,
    people: config.people,
    APPLICANT_KEY_SECRET: config.APPLICANT_KEY_SECRET,
  };
  const events = new EventEmitter();
  const held = new Map<string, TaskHandle>();
  const unlocking = new Set<Promise<unknown>>();
  let stopping = false;

  const client = taskClient({
    baseUrl: config.CAMUNDA_URL,
    workerId: config.WORKER_ID,
    maxTasks: config.WORKER_MAX_TASKS,
    lockMs: config.WORKER_LOCK_MS,
    longPollMs: config.WORKER_LONG_POLL_MS,
    credentials: config.CAMUNDA_USER
      ? { user: config.CAMUNDA_USER, password: config.CAMUNDA_PASSWORD ?? '' }
      : undefined,
    log,
  });

  function context(task: TaskHandle, taskLog: Logger, variables: Record<string, unknown>): StepContext {
    const topic = task.topic;
    const effects = redisStepEffects(
      ledger,
      applications,
      task,
      {
        replayed: (operation) => {
          metrics.replayed.inc({ topic });
          taskLog.info(
            { event: 'side-effect-replayed', operation },
            'side effect already done; using the stored result',
          );
        },
        breach: (element) => metrics.breaches.inc({ element }),
      },
      now,
    );
    return {
      applicationId: task.applicationId,
      processInstanceId: task.processInstanceId,
      variables,
      now,
      log: taskLog,
      settings,
      services,
      effects,
    };
  }

  function logOutcome(outcome: Outcome, topic: string, taskLog: Logger): void {
    if (outcome.kind === 'complete') {
      metrics.completed.inc({ topic });
      taskLog.info({ event: 'task-completed' }, 'task completed');
    } else if (outcome.kind === 'bpmn-error') {
      metrics.bpmnErrors.inc({ topic });
      taskLog.info({ event: 'bpmn-error', code: outcome.code }, outcome.message);
    } else {
      metrics.failed.inc({ topic });
      taskLog.error(
        { event: outcome.retries > 0 ? 'task-failed' : 'incident', retriesLeft: outcome.retries, err: outcome.message },
        outcome.errorMessage,
      );
    }
  }

  async function execute(definition: WorkerDefinition, task: TaskHandle): Promise<void> {
    const topic = definition.topic;
    const lockMs = definition.lockDurationMs ?? config.WORKER_LOCK_MS;
    const taskLog = log.child({
      applicationId: task.applicationId,
      topic,
      taskId: task.id,
      processInstanceId: task.processInstanceId,
      workerId: config.WORKER_ID,
    });
    const pickupMs = Date.now() - task.createdAt;
    if (Number.isFinite(pickupMs)) {
      metrics.pickup.observe({ topic }, pickupMs / 1000);
      events.emit('picked', topic, pickupMs);
    }
    const extend = setInterval(
      () => {
        task
          .extendLock(lockMs)
          .catch((e: Error) =>
            taskLog.warn({ event: 'lock-not-extended', err: e.message }, 'could not extend the lock'),
          );
      },
      Math.max(1000, Math.floor(lockMs / 2)),
    );
    try {
      const outcome = await handle(definition, task, (variables) => context(task, taskLog, variables), {
        retries: definition.retries ?? config.WORKER_RETRIES,
        baseMs: config.WORKER_RETRY_BASE_MS,
      });
      await report(task, outcome);
      logOutcome(outcome, topic, taskLog);
    } catch (e) {
      // The engine did not take the result (lock lost, engine down): the task stays with the engine
      // and is delivered again after its lock; the ledger makes that harmless.
      metrics.notCompleted.inc({ topic });
      taskLog.warn(
        { event: 'task-not-completed', err: (e as Error).message },
        'the engine did not take the result; the task will be delivered again',
      );
    } finally {
      clearInterval(extend);
    }
  }

  for (const definition of definitions) {
    const topic = definition.topic;
    const variables = [...new Set(['channel', ...Object.keys(definition.input?.shape ?? {})])];
    client.subscribe(topic, { lockMs: definition.lockDurationMs ?? config.WORKER_LOCK_MS, variables }, async (task) => {
      metrics.fetched.inc({ topic });
      if (stopping) {
        const unlock = task.unlock().catch(() => undefined);
        unlocking.add(unlock);
        await unlock;
        unlocking.delete(unlock);
        return;
      }
      held.set(task.id, task);
      metrics.inFlight.inc({ topic });
      const stopTimer = metrics.duration.startTimer({ topic });
      try {
        await execute(definition, task);
      } finally {
        stopTimer();
        metrics.inFlight.dec({ topic });
        held.delete(task.id);
      }
    });
  }

  client.start();
  log.info(
    { event: 'workers-started', topics: definitions.map((d) => d.topic), workerId: config.WORKER_ID },
    'workers subscribed',
  );

  return {
    events,
    inFlight: () => held.size,
    async stop(graceMs = 10_000) {
      stopping = true;
      const deadline = Date.now() + graceMs;
      const { pollReturned } = await client.stop(deadline);
      while (held.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      const left = [...held.values()];
      await Promise.all([...unlocking, ...left.map((task) => task.unlock().catch(() => undefined))]);
      log.info({ event: 'workers-stopped', unlocked: left.length, pollReturned }, 'workers stopped');
    },
  };
}
