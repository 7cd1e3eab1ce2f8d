/** The small part of the Camunda 7 REST API that the API, the CLI and the tests need. */
import got, { type Method } from 'got';
export interface TypedValue {
  value: unknown;
  type: string;
  valueInfo?: Record<string, unknown>;
}

export class EngineError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
    readonly engineType?: string,
  ) {
    super(message);
  }
  get unreachable(): boolean {
    return this.status === null;
  }
}

export interface DeploymentFile {
  name: string;
  content: string | Uint8Array;
}

export interface Deployment {
  id: string;
  name: string;
  deploymentTime: string;
  deployedProcessDefinitions: Record<string, { id: string; key: string; version: number; name: string }> | null;
}

export interface HistoricActivity {
  id: string;
  activityId: string;
  activityName: string | null;
  activityType: string;
  /** The enclosing scope's activity instance (a subprocess's), or the process instance's id. */
  parentActivityInstanceId: string | null;
  startTime: string;
  endTime: string | null;
  canceled: boolean;
  processInstanceId: string;
  durationInMillis?: number | null;
}

export interface HistoricProcessInstance {
  id: string;
  businessKey: string | null;
  state: 'ACTIVE' | 'COMPLETED' | 'EXTERNALLY_TERMINATED' | 'INTERNALLY_TERMINATED' | 'SUSPENDED';
  startTime: string;
  endTime: string | null;
  processDefinitionId: string;
  processDefinitionVersion: number;
}

/** Plain JS values to the engine's typed variables; objects travel as JSON (Spin). */
export function typed(value: unknown): TypedValue {
  if (value === null || value === undefined) return { value: null, type: 'Null' };
  if (typeof value === 'string') return { value, type: 'String' };
  if (typeof value === 'boolean') return { value, type: 'Boolean' };
  if (typeof value === 'number') return Number.isInteger(value) ? { value, type: 'Long' } : { value, type: 'Double' };
  if (value instanceof Date) return { value: value.toISOString().replace('Z', '+0000'), type: 'Date' };
  return { value: JSON.stringify(value), type: 'Json' };
}

export function typedAll(values: Record<string, unknown>): Record<string, TypedValue> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, typed(v)]));
}

/** The engine's REST dates (2026-11-25T22:01:22.306+0000) as epoch milliseconds; NaN when absent. */
export function parseEngineTime(value: unknown): number {
  return typeof value === 'string' ? Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')) : Number.NaN;
}

export function toDate(value: string | Date): string {
  // The engine's REST date format: yyyy-MM-dd'T'HH:mm:ss.SSSZ
  return new Date(value).toISOString().replace('Z', '+0000');
}

export class CamundaClient {
  private readonly authorization?: string;

  constructor(
    readonly baseUrl: string,
    credentials?: { user?: string; password?: string },
    private readonly timeoutMs = 30_000,
  ) {
    if (credentials?.user) {
      this.authorization = `Basic ${Buffer.from(`${credentials.user}:${credentials.password ?? ''}`).toString('base64')}`;
    }
  }

  /** Any call of the REST API, as this client's user; failures as EngineError with the engine's message. */
  request<T>(method: string, path: string, body?: unknown): Promise<T> {
    return body === undefined
      ? this.exchange(method, path)
      : this.exchange(method, path, JSON.stringify(body), { 'content-type': 'application/json' });
  }

  /**
   * A JSON answer to a body of any kind (JSON, or a deployment's multipart form). Node's FormData is
   * only touched by the caller that builds one: its global loads undici, whose HTTP parser needs the
   * WebAssembly that the daemon's --jitless turns off.
   */
  private async exchange<T>(
    method: string,
    path: string,
    payload?: string | FormData,
    contentType: Record<string, string> = {},
  ): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json', ...contentType };
    if (this.authorization) headers.authorization = this.authorization;
    const { status, text } = await this.send(method, path, headers, payload);
    if (status < 200 || status > 299) {
      let message = text;
      let type: string | undefined;
      try {
        const parsed = JSON.parse(text) as { message?: string; type?: string };
        message = parsed.message ?? text;
        type = parsed.type;
      } catch {
        /* not JSON: keep the text */
      }
      throw new EngineError(`${method} ${path} → ${status}: ${message}`, status, type);
    }
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /**
   * One HTTP exchange, through got (as the task client; node's fetch needs WebAssembly). No retries
   * here: callers decide.
   */
  private async send(
    method: string,
    path: string,
    headers: Record<string, string>,
    body?: string | FormData,
  ): Promise<{ status: number; text: string }> {
    try {
      const response = await got(`${this.baseUrl}${path}`, {
        method: method as Method,
        headers,
        body,
        timeout: { request: this.timeoutMs },
        retry: { limit: 0 },
        throwHttpErrors: false,
        responseType: 'text',
      });
      return { status: response.statusCode, text: response.body };
    } catch (e) {
      throw new EngineError(`engine unreachable at ${this.baseUrl}: ${(e as Error).message}`, null);
    }
  }

  version(): Promise<{ version: string }> {
    return this.request('GET', '/version');
  }

  /** A new deployment of `files`, always: whether anything changed is the caller's to decide (deployModels). */
  deploy(name: string, files: DeploymentFile[], source = 'housing-assistance deploy'): Promise<Deployment> {
    const form = new FormData();
    form.set('deployment-name', name);
    form.set('deployment-source', source);
    for (const f of files) form.set(f.name, new Blob([f.content]), f.name);
    return this.exchange('POST', '/deployment/create', form);
  }

  /** Starts an instance at the message start event of the given name; returns its id. */
  async startByMessage(messageName: string, businessKey: string, variables: Record<string, unknown>): Promise<string> {
    const result = await this.request<Array<{ processInstance: { id: string } | null }>>('POST', '/message', {
      messageName,
      businessKey,
      processVariables: typedAll(variables),
      resultEnabled: true,
    });
    const id = result[0]?.processInstance?.id;
    if (!id) throw new EngineError(`message ${messageName} started no process instance`, 500);
    return id;
  }

  /** Delivers a message to the instance of `businessKey` waiting for it; 400 when none waits. */
  async correlate(messageName: string, target: { businessKey: string } | { processInstanceId: string }): Promise<void> {
    await this.request('POST', '/message', { messageName, ...target });
  }

  /** The engine ignores filters it does not know, so only these typed ones are offered. */
  historicProcessInstances(query: {
    businessKey?: string;
    processInstanceId?: string;
    processDefinitionKey?: string;
  }): Promise<HistoricProcessInstance[]> {
    const params = new URLSearchParams();
    if (query.businessKey !== undefined) params.set('processInstanceBusinessKey', query.businessKey);
    if (query.processInstanceId !== undefined) params.set('processInstanceId', query.processInstanceId);
    if (query.processDefinitionKey !== undefined) params.set('processDefinitionKey', query.processDefinitionKey);
    return this.request('GET', `/history/process-instance?${params.toString()}`);
  }

  activityHistory(processInstanceId: string): Promise<HistoricActivity[]> {
    const q = new URLSearchParams({ processInstanceId, sortBy: 'startTime', sortOrder: 'asc' });
    return this.request('GET', `/history/activity-instance?${q.toString()}`);
  }

  /** Every deployed version of a process, newest first. */
  processDefinitions(key: string): Promise<ProcessDefinition[]> {
    return this.request(
      'GET',
      `/process-definition?${new URLSearchParams({ key, sortBy: 'version', sortOrder: 'desc' }).toString()}`,
    );
  }

  deploymentResources(deploymentId: string): Promise<Array<{ id: string; name: string }>> {
    return this.request('GET', `/deployment/${encodeURIComponent(deploymentId)}/resources`);
  }

  /** A deployed file's content, as text. */
  async deploymentResource(deploymentId: string, resourceId: string): Promise<string> {
    const path = `/deployment/${encodeURIComponent(deploymentId)}/resources/${encodeURIComponent(resourceId)}/data`;
    const { status, text } = await this.send(
      'GET',
      path,
      this.authorization ? { authorization: this.authorization } : {},
    );
    if (status < 200 || status > 299) throw new EngineError(`GET deployment resource → ${status}`, status);
    return text;
  }

  /** The BPMN XML of one deployed version. */
  async processDefinitionXml(id: string): Promise<string> {
    return (await this.request<{ bpmn20Xml: string }>('GET', `/process-definition/${encodeURIComponent(id)}/xml`))
      .bpmn20Xml;
  }

  /** Per activity of one version: how many running instances have a token there. */
  activityStatistics(processDefinitionId: string): Promise<Array<{ id: string; instances: number }>> {
    return this.request('GET', `/process-definition/${encodeURIComponent(processDefinitionId)}/statistics`);
  }

  historicActivities(
    query: HistoryQuery & { processDefinitionId: string; activityId: string },
    page: Page,
  ): Promise<HistoricActivity[]> {
    return this.request('GET', `/history/activity-instance?${historyParams(query, page).toString()}`);
  }

  historicActivityCount(query: HistoryQuery & { processDefinitionId: string; activityId: string }): Promise<number> {
    return this.count('/history/activity-instance', historyParams(query));
  }

  historicVariables(
    query: { processDefinitionId: string; variableName: string },
    page: Page,
  ): Promise<Array<{ processInstanceId: string; value: unknown }>> {
    return this.request(
      'GET',
      `/history/variable-instance?${historyParams(query).toString()}&sortBy=instanceId&sortOrder=asc&firstResult=${page.firstResult}&maxResults=${page.maxResults}`,
    );
  }

  historicVariableCount(query: { processDefinitionId: string; variableName: string }): Promise<number> {
    return this.count('/history/variable-instance', historyParams(query));
  }

  historicProcessInstancePage(
    query: HistoryQuery & { processDefinitionKey: string },
    page: Page,
  ): Promise<HistoricProcessInstance[]> {
    return this.request('GET', `/history/process-instance?${historyParams(query, page).toString()}`);
  }

  historicProcessInstanceCount(query: HistoryQuery & { processDefinitionKey: string }): Promise<number> {
    return this.count('/history/process-instance', historyParams(query));
  }

  /** The executions of one version still open: each running step, subprocess and wait. */
  unfinishedActivities(processDefinitionId: string, page: Page): Promise<HistoricActivity[]> {
    return this.request(
      'GET',
      `/history/activity-instance?${historyParams({ processDefinitionId, unfinished: true }, page).toString()}`,
    );
  }

  /** The running instances of a process; with `executed`, only those that have finished one of those elements. */
  unfinishedInstances(
    processDefinitionKey: string,
    page: Page,
    executed?: readonly string[],
  ): Promise<HistoricProcessInstance[]> {
    const query = { processDefinitionKey, unfinished: true, executedActivityIdIn: executed?.join(',') };
    return this.request('GET', `/history/process-instance?${historyParams(query, page).toString()}`);
  }

  /** The last value of one variable of each of these instances, from the history. */
  variableOfInstances(
    variableName: string,
    processInstanceIds: readonly string[],
    page: Page,
  ): Promise<Array<{ processInstanceId: string; value: unknown }>> {
    return this.request(
      'POST',
      `/history/variable-instance?firstResult=${page.firstResult}&maxResults=${page.maxResults}`,
      { variableName, processInstanceIdIn: processInstanceIds, sorting: [{ sortBy: 'instanceId', sortOrder: 'asc' }] },
    );
  }

  /** How many `resource` holds that match `params` (the REST API's `<resource>/count`). */
  protected async count(resource: string, params: URLSearchParams): Promise<number> {
    return (await this.request<{ count: number }>('GET', `${resource}/count?${params.toString()}`)).count;
  }
}

export interface ProcessDefinition {
  id: string;
  key: string;
  version: number;
  name: string | null;
  deploymentId: string;
  versionTag?: string | null;
}

/** Filters common to the history queries, all typed (the engine ignores names it does not know). */
export interface HistoryQuery {
  startedAfter?: Date;
  startedBefore?: Date;
}

export interface Page {
  firstResult: number;
  maxResults: number;
}

/** Every result of a paged query: `fetch(firstResult)` asks for one page of `size`, until a page is short. */
export async function allPages<T>(fetch: (firstResult: number) => Promise<T[]>, size = 500): Promise<T[]> {
  const all: T[] = [];
  for (let first = 0; ; first += size) {
    const page = await fetch(first);
    all.push(...page);
    if (page.length < size) return all;
  }
}

function historyParams(query: object, page?: Page): URLSearchParams {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query) as Array<[string, unknown]>) {
    if (value instanceof Date) params.set(name, toDate(value));
    else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
      params.set(name, String(value));
  }
  if (page) {
    params.set('sortBy', 'startTime');
    params.set('sortOrder', 'asc');
    params.set('firstResult', String(page.firstResult));
    params.set('maxResults', String(page.maxResults));
  }
  return params;
}
