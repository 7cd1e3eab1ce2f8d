import { DESK_MESSAGE } from '../../src/api/intake.js';
import type { EngineAdmin } from './engine-admin.js';

/**
 * The State Corporation employee of tests that are not about step 6: calls every applicant whose
 * notification waits to the desk and hands it over at once (the engine's messages, as
 * POST /out-tray/{id}/handed-over sends them).
 */
export async function handOverWaiting(engine: EngineAdmin, processInstanceId?: string): Promise<number> {
  const query = { processDefinitionKey: 'housing-assistance', processInstanceId };
  for (const e of await engine.executions({ activityId: 'Event_ApplicantAtDesk', ...query })) {
    await engine.correlate(DESK_MESSAGE['at-desk'], { processInstanceId: e.processInstanceId }).catch(() => undefined);
  }
  let handed = 0;
  for (const e of await engine.executions({ activityId: 'Task_HandOver', ...query })) {
    await engine.correlate(DESK_MESSAGE['handed-over'], { processInstanceId: e.processInstanceId }).then(
      () => (handed += 1),
      () => undefined,
    );
  }
  return handed;
}

/** Keeps handing over while a load runs; stop() ends it. */
export function frontDesk(engine: EngineAdmin, everyMs = 300): { stop(): void } {
  let stopped = false;
  void (async () => {
    while (!stopped) {
      await handOverWaiting(engine).catch(() => undefined);
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return {
    stop: () => {
      stopped = true;
    },
  };
}
