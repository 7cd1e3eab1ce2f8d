import { runMain } from '../../src/cli/lib/main.js';
import { runWorkerDaemon } from '../../src/runtime/daemon.js';
import type { WorkerDefinition } from '../../src/runtime/worker.js';
import { WORKERS } from '../../workers/all.js';

/**
 * The production daemon, except that the handler of STALL_TOPIC stalls after its side effect, before
 * the task is completed: the window in which the fault tests kill the process.
 */
const stallTopic = process.env.STALL_TOPIC;
const stalled = WORKERS.map((w): WorkerDefinition =>
  w.topic !== stallTopic
    ? w
    : {
        ...w,
        async handle(ctx) {
          const result = await w.handle(ctx);
          ctx.log.info({ event: 'stalling' }, 'side effect done; stalling before complete');
          await new Promise((r) => setTimeout(r, Number(process.env.STALL_MS ?? 600_000)));
          return result;
        },
      },
);

await runMain((config) => runWorkerDaemon(config, stalled));
