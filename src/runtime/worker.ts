import type { z } from 'zod';
import type { Config } from '../config.js';
import type { ApplicationStatus, Dossier } from '../domain/application.js';
import type { Applications } from '../store/applications.js';
import type { Command, Once } from '../store/ledger.js';
import type { Logger } from './logger.js';
import type { WorkerMetrics } from './metrics.js';

/** A business refusal the diagram models with an error boundary event of this code. */
export class BpmnError extends Error {
  constructor(readonly code: string, message: string, readonly variables: Record<string, unknown> = {}) {
    super(message);
  }
}

export interface StepContext<V = Record<string, unknown>> {
  applicationId: string;
  processInstanceId: string;
  activityId: string;
  taskId: string;
  /** The task's variables, parsed by the worker's `input` schema. */
  variables: V;
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
  /**
   * `ask`'s answer, asked once for this task's activity instance: a redelivery, or a retry from Cockpit
   * after an incident, reads the stored answer instead of asking again.
   */
  askOnce<T>(operation: string, ask: () => Promise<T>): Promise<Once<T>>;
  /** A result an earlier step recorded on this application. */
  stepResult<T>(step: string): Promise<T | undefined>;
  /** The next number of `counterKey`, taken once for this task's activity instance. */
  allocateOnce(operation: string, counterKey: string): Promise<Once<number>>;
}

export interface RecordEffects {
  status?: ApplicationStatus;
  append?: Array<{ key: string; item: unknown }>;
  /** Entries for the audit stream (what the step found, never a name or an IIN). */
  audit?: Array<{ action: string; detail: string }>;
}

type Input = z.ZodObject<z.ZodRawShape>;

export interface WorkerDefinition<S extends Input = Input> {
  topic: string;
  /** The step as Modeler's template catalogue names it; the element template is generated from these. */
  title: string;
  /** The regulation's clause the step implements. */
  clause: string;
  /** The process variables the handler returns, each with what it means. */
  outputs?: Record<string, string>;
  /** The BPMN errors the handler throws (an error boundary event catches each), with what they mean. */
  errors?: Record<string, string>;
  /** The process variables the handler reads: only these are fetched, and they are validated first. */
  input?: S;
  lockDurationMs?: number;
  retries?: number;
  /** Returns the process variables to set on completion. */
  handle(ctx: StepContext<z.infer<S>>): Promise<Record<string, unknown> | void>;
}

export function defineWorker<S extends Input>(definition: WorkerDefinition<S>): WorkerDefinition {
  return definition as unknown as WorkerDefinition;
}

