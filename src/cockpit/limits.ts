import { isTimedStep, stepsOf, type Regulation, type RegulationStep } from '../domain/regulation.js';

/**
 * What the Cockpit plugin knows of the regulation (bpmn/regulation.yaml): the steps an application spends
 * time in, with their limits, and the whole term (§6). Written into the engine at its build, read by the
 * plugin in the browser.
 */
export interface CockpitLimits {
  process: string;
  term: Pick<Regulation['term'], 'clause' | 'limit' | 'metAt'>;
  steps: RegulationStep[];
}

export function cockpitLimits(regulation: Regulation): CockpitLimits {
  const { clause, limit, metAt } = regulation.term;
  return {
    process: regulation.process,
    term: { clause, limit, metAt },
    steps: stepsOf(regulation)
      .filter(isTimedStep)
      .map(({ tests: _tests, ...step }) => step),
  };
}
