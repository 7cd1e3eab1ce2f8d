// The part of camunda-external-task-client-js 3.x we use; the package ships no types.
declare module 'camunda-external-task-client-js' {
  import { EventEmitter } from 'node:events';

  export interface Task {
    id: string;
    topicName: string;
    workerId: string;
    processInstanceId: string;
    processDefinitionKey: string;
    activityId: string;
    activityInstanceId: string;
    businessKey: string | null;
    retries: number | null;
    lockExpirationTime: string;
    /** When the engine created the task (engine format, e.g. 2026-11-25T22:01:22.306+0000). */
    createTime: string;
    errorMessage: string | null;
    variables: Variables;
  }

  export interface HandleFailureOptions {
    errorMessage?: string;
    errorDetails?: string;
    retries?: number;
    retryTimeout?: number;
  }

  export interface TaskService {
    complete(task: Task, processVariables?: Variables, localVariables?: Variables): Promise<void>;
    handleFailure(task: Task, options: HandleFailureOptions): Promise<void>;
    handleBpmnError(task: Task, errorCode: string, errorMessage?: string, variables?: Variables): Promise<void>;
    extendLock(task: Task, newDuration: number): Promise<void>;
    unlock(task: Task): Promise<void>;
  }

  export type Handler = (args: { task: Task; taskService: TaskService }) => Promise<void>;

  export interface SubscribeOptions {
    lockDuration?: number;
    variables?: string[];
    processDefinitionKey?: string;
  }

  export interface ClientOptions {
    baseUrl: string;
    workerId?: string;
    maxTasks?: number;
    maxParallelExecutions?: number;
    interval?: number;
    lockDuration?: number;
    autoPoll?: boolean;
    asyncResponseTimeout?: number;
    usePriority?: boolean;
    interceptors?: unknown;
    use?: unknown;
  }

  export class Client extends EventEmitter {
    constructor(options: ClientOptions);
    activeTasksCount: number;
    subscribe(topic: string, options: SubscribeOptions, handler: Handler): { unsubscribe(): void };
    start(): void;
    stop(): void;
  }

  /** Adds HTTP Basic credentials to every request (an interceptor for ClientOptions.interceptors). */
  export class BasicAuthInterceptor {
    constructor(options: { username: string; password: string });
  }

  export class Variables {
    constructor();
    get(name: string): unknown;
    getAll(): Record<string, unknown>;
    set(name: string, value: unknown): Variables;
    setAll(values: Record<string, unknown>): Variables;
    setTyped(name: string, typed: { type: string; value: unknown; valueInfo?: Record<string, unknown> }): Variables;
  }
}
