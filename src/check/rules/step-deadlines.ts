import { durationMs } from '../../domain/duration.js';
import { BREACH_TOPIC, limitOf, stepsOf, timerName, type Regulation } from '../../domain/regulation.js';
import type { Model, ModelElement } from '../model.js';
import { elementsOf, isTimer, type Finding, type Rule } from '../rule.js';

function parsed(duration: string | undefined): number | null {
  try {
    return duration ? durationMs(duration) : null;
  } catch {
    return null;
  }
}

function recorderOf(model: Model, timerId: string) {
  const flow = model.flows.find((f) => f.source === timerId);
  return flow ? model.elements.get(flow.target) : undefined;
}

/** Whether a breach task follows `from`, directly or through gateways (the term first asks whether it was met). */
function leadsToBreach(model: Model, from: string, seen = new Set<string>()): boolean {
  if (seen.has(from)) return false;
  seen.add(from);
  return model.flows
    .filter((f) => f.source === from)
    .some((f) => {
      const next = model.elements.get(f.target);
      if (next?.topic === BREACH_TOPIC) return true;
      return Boolean(next?.type.endsWith('Gateway')) && leadsToBreach(model, f.target, seen);
    });
}

/** A timer's name says its limit ("15 minutes passed"): one derived from the regulation's, so the two cannot drift. */
function misnamed(rule: string, timer: ModelElement, limit: string, clause: string): Finding[] {
  const name = timerName(limit);
  if (timer.name === name) return [];
  return [
    {
      rule,
      element: timer.id,
      clause,
      message: `the timer is named "${timer.name ?? ''}", but the regulation's limit ${limit} is "${name}"`,
      fix: `rename ${timer.id} to "${name}"`,
    },
  ];
}

/**
 * The breach recorders: each names an element whose limit the regulation sets (a step, or the process
 * for the whole term), and none repeats the limit, which the worker takes from the regulation.
 */
function breachRecorders(rule: string, model: Model, regulation: Regulation): Finding[] {
  const limited = stepsOf(regulation)
    .filter((s) => s.limit)
    .map((s) => s.elementId);
  return elementsOf(model)
    .filter((e) => e.topic === BREACH_TOPIC)
    .flatMap((task) => {
      const breached = task.inputs.breachedElement;
      const findings: Finding[] = [];
      if (!breached || !limitOf(regulation, breached))
        findings.push({
          rule,
          element: task.id,
          message: `records a breach of ${breached || 'no element'}, which is not a step with a time limit in the regulation`,
          fix: `set the input breachedElement of ${task.id} to one of ${[...limited, regulation.process].join(', ')}`,
        });
      if (task.inputs.limit !== undefined)
        findings.push({
          rule,
          element: task.id,
          message: `repeats the limit (input limit = ${task.inputs.limit}): the worker takes it from the regulation`,
          fix: `remove the input limit of ${task.id} (re-apply its template in Modeler)`,
        });
      return findings;
    });
}

/**
 * Every time limit of the regulation is a non-interrupting timer of that duration (calendar time, as
 * the engine counts it; durations compared as parsed values, not text), named after it, that records
 * its breach.
 */
export const stepDeadlines: Rule = {
  id: 'step-deadlines',
  check(model, { regulation }) {
    const findings: Finding[] = [];
    const total = regulation.term;
    for (const step of stepsOf(regulation).filter((s) => s.limit)) {
      const where = { rule: this.id, element: step.elementId, clause: step.citation };
      if (!model.elements.has(step.elementId)) continue;
      const timers = elementsOf(model).filter((e) => e.attachedTo === step.elementId && isTimer(e));
      if (timers.length !== 1) {
        findings.push({
          ...where,
          message: `${timers.length} timers on the step; the regulation sets one limit, ${step.limit}`,
          fix: `attach one non-interrupting timer ${step.limit} to ${step.elementId}`,
        });
        continue;
      }
      const [timer] = timers;
      if (parsed(timer.timerDuration) !== durationMs(step.limit!)) {
        findings.push({
          ...where,
          element: timer.id,
          message: `timer ${timer.timerDuration} differs from the regulation's ${step.limit} (${regulation.time} time)`,
          fix: `set the duration of ${timer.id} to ${step.limit}`,
        });
      }
      findings.push(...misnamed(this.id, timer, step.limit!, where.clause));
      if (timer.cancelActivity !== false) {
        findings.push({
          ...where,
          element: timer.id,
          message: 'the timer interrupts the step: a late step must still be done',
          fix: `make ${timer.id} non-interrupting`,
        });
      }
      const recorder = recorderOf(model, timer.id);
      if (recorder?.topic !== BREACH_TOPIC || recorder.inputs.breachedElement !== step.elementId) {
        findings.push({
          ...where,
          element: timer.id,
          message: 'the timer does not lead to a breach record of this step',
          fix: `connect ${timer.id} to a ${BREACH_TOPIC} task with input breachedElement = ${step.elementId}`,
        });
      }
    }
    const limited = new Set(
      stepsOf(regulation)
        .filter((s) => s.limit)
        .map((s) => s.elementId),
    );
    for (const timer of elementsOf(model).filter((e) => e.attachedTo && isTimer(e) && !limited.has(e.attachedTo))) {
      findings.push({
        rule: this.id,
        element: timer.id,
        message: `a time limit ${timer.timerDuration} on ${timer.attachedTo}, where the regulation sets none`,
        fix: `remove ${timer.id}, or add the limit with its clause to regulation.yaml`,
      });
    }
    const term = model.elements.get(total.element);
    const where = { rule: this.id, element: term?.id ?? model.processId, clause: total.clause };
    if (!term || !isTimer(term) || !term.parent || !model.elements.get(term.parent)?.triggeredByEvent)
      findings.push({
        ...where,
        element: total.element,
        message: `no timer start ${total.element} of an event subprocess for the whole term`,
        fix: `add an event subprocess whose non-interrupting timer start ${total.element} waits ${total.limit}`,
      });
    else {
      if (parsed(term.timerDuration) !== durationMs(total.limit))
        findings.push({
          ...where,
          message: `term timer ${term.timerDuration} differs from ${total.limit}`,
          fix: `set ${term.id} to ${total.limit}`,
        });
      findings.push(...misnamed(this.id, term, total.limit, total.clause));
      if (term.isInterrupting !== false)
        findings.push({
          ...where,
          message: 'the term timer interrupts the process',
          fix: `make ${term.id} non-interrupting`,
        });
      if (!leadsToBreach(model, term.id))
        findings.push({
          ...where,
          message: 'the term timer does not record its breach',
          fix: `connect ${term.id} to a ${BREACH_TOPIC} task`,
        });
    }
    for (const met of total.metAt.filter((id) => !model.elements.has(id))) {
      findings.push({
        ...where,
        element: met,
        message: `the term is met when the result reaches ${met}, which the diagram lacks`,
        fix: `add ${met}, or correct term.metAt in regulation.yaml`,
      });
    }
    return [...findings, ...breachRecorders(this.id, model, regulation)];
  },
};
