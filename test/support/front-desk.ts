import { HANDED_OVER_MESSAGE } from '../../src/api/intake.js';
import type { CamundaClient } from '../../src/engine/camunda.js';

/**
 * The State Corporation employee of tests that are not about step 6: hands every waiting
 * notification over at once (the engine's message, as POST /out-tray/{id}/handed-over sends it).
 */
export async function handOverWaiting(engine: CamundaClient, processInstanceId?: string): Promise<number> {
  const waiting = await engine.executions({ activityId: 'Task_HandOver', processDefinitionKey: 'housing-assistance', processInstanceId });
  let handed = 0;
  for (const e of waiting) {
    await engine.correlate(HANDED_OVER_MESSAGE, { processInstanceId: e.processInstanceId }).then(() => (handed += 1), () => undefined);
  }
  return handed;
}

/** Keeps handing over while a load runs; stop() ends it. */
export function frontDesk(engine: CamundaClient, everyMs = 300): { stop(): void } {
  let stopped = false;
  void (async () => {
    while (!stopped) {
      await handOverWaiting(engine).catch(() => undefined);
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return { stop: () => { stopped = true; } };
}
