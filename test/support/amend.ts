import { expect } from '@jest/globals';
import { parseEngineTime } from '../../src/engine/camunda.js';
import { asOperator, type testApi } from './api.js';
import { dossier } from './fixtures.js';
import { engine, until } from './harness.js';

type TestApi = ReturnType<typeof testApi>;

/** Each timer job of an instance, by the element it belongs to: its due date as the engine has it. */
export async function timers(processInstanceId: string): Promise<Record<string, string>> {
  const admin = engine();
  const jobs = await admin.request<Array<{ jobDefinitionId: string; dueDate: string; processDefinitionId: string }>>(
    'GET',
    `/job?processInstanceId=${processInstanceId}&timers=true`,
  );
  const result: Record<string, string> = {};
  for (const job of jobs) {
    const [definition] = await admin.request<Array<{ activityId: string }>>(
      'GET',
      `/job-definition?jobDefinitionId=${job.jobDefinitionId}`,
    );
    result[definition.activityId] = job.dueDate;
  }
  return result;
}

/** When the current, unfinished run of an activity started in an instance. */
export const started = async (processInstanceId: string, activityId: string) =>
  parseEngineTime(
    (await engine().activityHistory(processInstanceId)).filter((a) => a.activityId === activityId && !a.endTime).at(-1)!
      .startTime,
  );

/** The process definition an instance runs on now. */
export const versionOf = async (processInstanceId: string) =>
  (await engine().request<{ definitionId: string }>('GET', `/process-instance/${processInstanceId}`)).definitionId;

/** An application handed in at the desk for an address in Bostandyk; its process instance once started. */
export async function submitAt(api: TestApi, line: string): Promise<string> {
  const res = await api
    .http()
    .post('/applications')
    .set(asOperator())
    .send(dossier({ address: { district: 'bostandyk', line } }));
  expect(res.status).toBe(202);
  return until(`application ${line} to start`, () => api.applications.processInstanceId(res.body.id as string));
}

export const waitsAt = (processInstanceId: string, activityId: string) =>
  until(`${processInstanceId} to wait at ${activityId}`, async () =>
    (await engine().executions({ activityId, processInstanceId })).length > 0 ? true : null,
  );
