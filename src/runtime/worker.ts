import type { Config } from '../config.js';
import type { ApplicationStatus, Dossier } from '../domain/application.js';
import type { Applications } from '../store/applications.js';
import type { Command, Ledger, Once } from '../store/ledger.js';
import type { Logger } from './logger.js';
import type { WorkerMetrics } from './metrics.js';

/** A business refusal the diagram models with an error boundary event of this code. */
export class BpmnError extends Error {
  constructor(readonly code: string, message: string, readonly variables: Record<string, unknown> = {}) {
    super(message);
  }
}

export interface StepContext {
  applicationId: string;
  processInstanceId: string;
  activityId: string;
  taskId: string;
  variables: Record<string, unknown>;
  config: Config;
  log: Logger;
  metrics: WorkerMetrics;
  applications: Applications;
  now(): Date;
  dossier(): Promise<Dossier>;
  /** Writes `commands` and records `result` for this task's activity instance, exactly once. */
  once<T>(operation: string, result: T, keys: string[], commands: Command[]): Promise<Once<T>>;
  /**
   * Records this step's result on the application (and optionally its status, and items appended to
   * lists such as the out-tray or the cabinet) exactly once; a redelivery gets the first result back.
   */
  record<T>(step: string, result: T, effects?: RecordEffects): Promise<Once<T>>;
  /** The next number of `counterKey`, taken once for this task's activity instance. */
  allocateOnce(operation: string, counterKey: string): Promise<Once<number>>;
}

export interface RecordEffects {
  status?: ApplicationStatus;
  append?: Array<{ key: string; item: unknown }>;
}

export interface WorkerDefinition {
  topic: string;
  /** Process variables the handler reads (only these are fetched). */
  variables?: string[];
  lockDurationMs?: number;
  retries?: number;
  /** Returns the process variables to set on completion. */
  handle(ctx: StepContext): Promise<Record<string, unknown> | void>;
}

export function defineWorker(definition: WorkerDefinition): WorkerDefinition {
  return definition;
}

export type { Ledger };
