import pRetry from 'p-retry';
import { CamundaClient, EngineError, toDate } from '../../src/engine/camunda.js';

export interface ExternalTaskInfo {
  id: string;
  topicName: string;
  activityId: string;
  processInstanceId: string;
  businessKey: string | null;
  retries: number | null;
  errorMessage: string | null;
  lockExpirationTime: string | null;
  workerId: string | null;
}

export interface JobInfo {
  id: string;
  dueDate: string | null;
  processInstanceId: string;
  retries: number;
  exceptionMessage: string | null;
}

export interface Incident {
  id: string;
  processInstanceId: string;
  activityId: string;
  incidentType: string;
  incidentMessage: string | null;
  configuration: string | null;
}

/**
 * The engine as its tools and the tests use it beyond what the services need: jobs (to skip time),
 * external tasks, incidents, executions. The services' own client (src/engine/camunda.ts) has none of it.
 */
export class EngineAdmin extends CamundaClient {
  /** Executions waiting at an activity (a receive task, say). */
  executions(query: {
    activityId: string;
    processDefinitionKey?: string;
    processInstanceId?: string;
  }): Promise<Array<{ id: string; processInstanceId: string }>> {
    const params = new URLSearchParams(
      Object.entries(query).filter((entry): entry is [string, string] => entry[1] !== undefined),
    );
    return this.request('GET', `/execution?${params.toString()}`);
  }

  /** Starts the latest version of a process by its key (tools and tests; the API starts by message). */
  async startByKey(key: string, businessKey: string): Promise<string> {
    return (
      await this.request<{ id: string }>('POST', `/process-definition/key/${encodeURIComponent(key)}/start`, {
        businessKey,
      })
    ).id;
  }

  async finishedCount(processDefinitionKey: string): Promise<number> {
    return this.count('/history/process-instance', new URLSearchParams({ processDefinitionKey, finished: 'true' }));
  }

  externalTasks(query: Record<string, string>): Promise<ExternalTaskInfo[]> {
    return this.request('GET', `/external-task?${new URLSearchParams(query).toString()}`);
  }

  unlockExternalTask(id: string): Promise<void> {
    return this.request('POST', `/external-task/${id}/unlock`);
  }

  setExternalTaskRetries(id: string, retries: number): Promise<void> {
    return this.request('PUT', `/external-task/${id}/retries`, { retries });
  }

  jobs(query: Record<string, string>): Promise<JobInfo[]> {
    return this.request('GET', `/job?${new URLSearchParams(query).toString()}`);
  }

  setJobDueDate(id: string, dueDate: string | Date): Promise<void> {
    return this.request('PUT', `/job/${id}/duedate`, { duedate: toDate(dueDate) });
  }

  /** Runs a job now. A conflict with a transaction on the same instance (a worker completing a task) is tried again. */
  executeJob(id: string): Promise<void> {
    return pRetry(() => this.request<void>('POST', `/job/${id}/execute`), {
      retries: 4,
      minTimeout: 100,
      shouldRetry: ({ error }) =>
        error instanceof EngineError &&
        (error.engineType === 'OptimisticLockingException' ||
          /updated by another transaction concurrently/.test(error.message)),
    });
  }

  incidents(query: Record<string, string>): Promise<Incident[]> {
    return this.request('GET', `/incident?${new URLSearchParams(query).toString()}`);
  }
}
