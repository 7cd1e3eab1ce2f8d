import { afterAll, beforeAll } from '@jest/globals';
import { EngineError, toDate } from '../../src/engine/camunda.js';
import { engine } from './harness.js';

/**
 * For a file that starts process instances and does not run them to their end: after the file, its
 * still running instances are deleted (as administrator; their history stays), so a later file's
 * workers, or their real timers, do not pick them up. The files of a run share one engine and run
 * one at a time (jest.config.js: maxWorkers 1), so what started on it since this file began is this
 * file's.
 */
export function removeInstancesAfterFile(): void {
  let began: Date;
  beforeAll(() => {
    // A second's slack: the engine stamps the start with its own clock, on this machine.
    began = new Date(Date.now() - 1_000);
  });
  afterAll(async () => {
    const admin = engine();
    const params = new URLSearchParams({ startedAfter: toDate(began), unfinished: 'true', maxResults: '10000' });
    const left = await admin.request<Array<{ id: string }>>('GET', `/history/process-instance?${params.toString()}`);
    for (const { id } of left)
      await admin
        .request('DELETE', `/process-instance/${id}?skipCustomListeners=true&skipIoMappings=true`)
        // Ended meanwhile: nothing left to remove.
        .catch((e: unknown) => {
          if (!(e instanceof EngineError && e.status === 404)) throw e;
        });
  }, 60_000);
}
