import type { z } from 'zod';
import type { Config } from '../config.js';
import type { StepEffects } from '../store/step-effects.js';
import type { Logger } from '../platform/logger.js';
import type { StepServices } from '../platform/services.js';

export type { StepEffects } from '../store/step-effects.js';
export type { StepServices } from '../platform/services.js';

/**
 * Who an application's messages go to: the account that sent it or the centre that accepted it, from
 * its record in Redis. A process variable could be written by anyone with rights on the instance.
 */
export async function senderAccount(effects: StepEffects): Promise<string> {
  const { account, id } = await effects.application();
  if (!account) throw new Error(`application ${id} was sent from no portal account`);
  return account;
}

export async function acceptingCentre(effects: StepEffects): Promise<string> {
  const { centre, id } = await effects.application();
  if (!centre) throw new Error(`application ${id} was accepted by no State Corporation centre`);
  return centre;
}

/** A business refusal the diagram models with an error boundary event of this code. */
export class BpmnError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly variables: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** The settings a step reads: the regulation, the housing rules and the districts' people. */
export type StepSettings = Pick<Config, 'regulation' | 'rules' | 'people' | 'APPLICANT_KEY_SECRET'>;

export interface StepContext<V = Record<string, unknown>> {
  applicationId: string;
  /** The instance this task belongs to: an application may have had another (started again, migrated). */
  processInstanceId: string;
  /** The task's variables, parsed by the worker's `input` schema. */
  variables: V;
  now(): Date;
  log: Logger;
  settings: StepSettings;
  services: StepServices;
  effects: StepEffects;
}

type Input = z.ZodObject<z.ZodRawShape>;

export interface WorkerDefinition<S extends Input = Input> {
  topic: string;
  /** The step as Modeler's template catalogue names it; the element template is generated from these. */
  title: string;
  /** The clause of a worker no step of bpmn/regulation.yaml names (the breach record); the others cite the regulation's steps. */
  clause?: string;
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
  return definition;
}
