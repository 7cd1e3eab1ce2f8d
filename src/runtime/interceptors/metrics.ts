import type { TaskInterceptor } from '../interceptor.js';
import type { WorkerMetrics } from '../metrics.js';

/** The daemon's Prometheus metrics (metrics.ts) of every task and its outcome. */
export function taskMetrics(metrics: WorkerMetrics): TaskInterceptor {
  return {
    received: (task) => metrics.fetched.inc({ topic: task.topic }),
    async execute({ task, pickupMs }, next) {
      const topic = task.topic;
      metrics.inFlight.inc({ topic });
      const stopTimer = metrics.duration.startTimer({ topic });
      if (Number.isFinite(pickupMs)) metrics.pickup.observe({ topic }, pickupMs / 1000);
      try {
        const outcome = await next();
        if (outcome.kind === 'complete') metrics.completed.inc({ topic });
        else if (outcome.kind === 'bpmn-error') metrics.bpmnErrors.inc({ topic });
        else metrics.failed.inc({ topic });
        return outcome;
      } catch (e) {
        metrics.notCompleted.inc({ topic });
        throw e;
      } finally {
        stopTimer();
        metrics.inFlight.dec({ topic });
      }
    },
    replayed: ({ task }) => metrics.replayed.inc({ topic: task.topic }),
    breach: (_call, element) => metrics.breaches.inc({ element }),
  };
}
