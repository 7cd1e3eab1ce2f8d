import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export function workerMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const labelNames = ['topic'] as const;
  return {
    registry,
    fetched: new Counter({
      name: 'ha_tasks_fetched_total',
      help: 'External tasks received',
      labelNames,
      registers: [registry],
    }),
    completed: new Counter({
      name: 'ha_tasks_completed_total',
      help: 'External tasks completed',
      labelNames,
      registers: [registry],
    }),
    failed: new Counter({
      name: 'ha_tasks_failed_total',
      help: 'Handler failures reported to the engine',
      labelNames,
      registers: [registry],
    }),
    bpmnErrors: new Counter({
      name: 'ha_tasks_bpmn_errors_total',
      help: 'Business refusals raised as BPMN errors',
      labelNames,
      registers: [registry],
    }),
    notCompleted: new Counter({
      name: 'ha_tasks_not_completed_total',
      help: 'Completions the engine did not take (lost lock, engine down); the task is redelivered',
      labelNames,
      registers: [registry],
    }),
    replayed: new Counter({
      name: 'ha_side_effects_replayed_total',
      help: 'Side effects found in the idempotency ledger and not repeated',
      labelNames,
      registers: [registry],
    }),
    breaches: new Counter({
      name: 'ha_deadline_breaches_total',
      help: 'Regulation time limits breached',
      labelNames: ['element'],
      registers: [registry],
    }),
    inFlight: new Gauge({
      name: 'ha_tasks_in_flight',
      help: 'Handlers running now',
      labelNames,
      registers: [registry],
    }),
    pickup: new Histogram({
      name: 'ha_task_pickup_seconds',
      help: 'From the engine creating an external task to a handler starting on it',
      labelNames,
      buckets: [0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
    duration: new Histogram({
      name: 'ha_handler_duration_seconds',
      help: 'Handler run time',
      labelNames,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
  };
}

export type WorkerMetrics = ReturnType<typeof workerMetrics>;
