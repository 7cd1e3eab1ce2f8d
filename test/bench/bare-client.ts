import { BasicAuthInterceptor, Client, Variables } from 'camunda-external-task-client-js';
import { parseEngineTime } from '../../src/engine/camunda.js';
import { WORKERS } from '../../workers/all.js';

const TOPICS = [...new Set(WORKERS.map((w) => w.topic))];

/** The reference: plain client handlers that complete at once, with the variables the gateways read. */
export function bareClient(
  engine: { url: string; username: string; password: string },
  onPicked?: (ms: number) => void,
): { stop(): Promise<void>; pids: number[] } {
  const interceptors = new BasicAuthInterceptor({
    username: engine.username,
    password: engine.password,
  });
  const client = new Client({
    baseUrl: engine.url,
    workerId: `bare-${Date.now()}`,
    maxTasks: 20,
    maxParallelExecutions: 20,
    asyncResponseTimeout: 10_000,
    interval: 10,
    lockDuration: 30_000,
    autoPoll: false,
    interceptors,
  });
  let polling = false;
  client.on('poll:start', () => {
    polling = true;
  });
  client.on('poll:success', () => {
    polling = false;
  });
  client.on('poll:error', () => {
    polling = false;
  });
  const variables = {
    documentsComplete: true,
    authorized: true,
    edsValid: true,
    documentsConform: true,
    decision: 'assigned',
  };
  for (const topic of TOPICS) {
    client.subscribe(topic, {}, async ({ task, taskService }) => {
      onPicked?.(Date.now() - parseEngineTime(task.createTime));
      await taskService.complete(task, new Variables().setAll(variables));
    });
  }
  client.start();
  const stop = async () => {
    client.stop();
    while (polling) await new Promise((r) => setTimeout(r, 20));
  };
  return { stop, pids: [] as number[] };
}
