import { EventEmitter } from 'node:events';
import type { Redis } from 'ioredis';
import type { Config } from '../config.js';
import { Applications } from '../store/applications.js';
import { Ledger } from '../store/ledger.js';
import { redisStepEffects } from '../store/step-effects.js';
import type { Logger } from '../platform/logger.js';
import type { WorkerMetrics } from './metrics.js';
import { intercept, type TaskCall, type TaskInterceptor } from './interceptor.js';
import { lockExtension } from './interceptors/lock-extension.js';
import { taskLogging } from './interceptors/logging.js';
import { taskMetrics } from './interceptors/metrics.js';
import { runTask } from './pipeline.js';
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

  // Outermost first: the metrics time the whole task, the lock is held while it runs and is reported.
  const interceptors: TaskInterceptor[] = [taskMetrics(metrics), lockExtension, taskLogging];

  function context(call: TaskCall, variables: Record<string, unknown>): StepContext {
    const { task } = call;
    const effects = redisStepEffects(
      ledger,
      applications,
      task,
      {
        replayed: (operation) => interceptors.forEach((i) => i.replayed?.(call, operation)),
        breach: (element) => interceptors.forEach((i) => i.breach?.(call, element)),
      },
      now,
    );
    return {
      applicationId: task.applicationId,
      processInstanceId: task.processInstanceId,
      variables,
      now,
      log: call.log,
      settings,
      services,
      effects,
    };
  }

  async function execute(definition: WorkerDefinition, task: TaskHandle): Promise<void> {
    const call: TaskCall = {
      task,
      lockMs: definition.lockDurationMs ?? config.WORKER_LOCK_MS,
      pickupMs: Date.now() - task.createdAt,
      log: log.child({
        applicationId: task.applicationId,
        topic: definition.topic,
        taskId: task.id,
        processInstanceId: task.processInstanceId,
        workerId: config.WORKER_ID,
      }),
    };
    if (Number.isFinite(call.pickupMs)) events.emit('picked', definition.topic, call.pickupMs);
    try {
      await intercept(interceptors, call, () =>
        runTask(definition, task, (variables) => context(call, variables), {
          retries: definition.retries ?? config.WORKER_RETRIES,
          baseMs: config.WORKER_RETRY_BASE_MS,
        }),
      );
    } catch {
      // The engine did not take the result (lock lost, engine down): the task stays with the engine
      // and is delivered again after its lock; the ledger makes that harmless. The interceptors said so.
    }
  }

  for (const definition of definitions) {
    const topic = definition.topic;
    const variables = [...new Set(['channel', ...Object.keys(definition.input?.shape ?? {})])];
    client.subscribe(topic, { lockMs: definition.lockDurationMs ?? config.WORKER_LOCK_MS, variables }, async (task) => {
      interceptors.forEach((i) => i.received?.(task));
      if (stopping) {
        const unlock = task.unlock().catch(() => undefined);
        unlocking.add(unlock);
        await unlock;
        unlocking.delete(unlock);
        return;
      }
      held.set(task.id, task);
      try {
        await execute(definition, task);
      } finally {
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
