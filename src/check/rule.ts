import type { Model } from './model.js';
import type { Regulation } from '../domain/regulation.js';
import type { ElementTemplate } from './template-shape.js';

/** One finding of a diagram check: where, which clause, what is wrong, how to fix it. */
export interface Finding {
  rule: string;
  element: string;
  clause?: string;
  message: string;
  fix: string;
}

export interface CheckContext {
  /** Topics that have a worker. */
  workerTopics: readonly string[];
  /** The regulation the diagram must implement (bpmn/regulation.yaml unless another is given). */
  regulation: Regulation;
  /** Ids of the Camunda Forms deployed with the diagram (the .form files beside it). */
  forms?: readonly string[];
  /** The element templates of the workers, by topic (src/check/templates.ts). */
  templates?: ReadonlyMap<string, ElementTemplate>;
}

export interface Rule {
  id: string;
  check(model: Model, context: CheckContext): Finding[];
}

export const elementsOf = (model: Model) => [...model.elements.values()];
export const isServiceTask = (e: { type: string }) => e.type === 'bpmn:ServiceTask';
export const isTimer = (e: { timerDuration?: string }) => e.timerDuration !== undefined;
