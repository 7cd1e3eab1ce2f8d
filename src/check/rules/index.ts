import type { Rule } from '../rule.js';
import { citedElements } from './cited-elements.js';
import { commissionDecides } from './commission-decides.js';
import { lanesMatchActors } from './lanes-match-actors.js';
import { namedElements } from './named-elements.js';
import { peopleTasks } from './people-tasks.js';
import { refusalEnds } from './refusal-ends.js';
import { regulationSteps } from './regulation-steps.js';
import { regulationVersion } from './regulation-version.js';
import { stepDeadlines } from './step-deadlines.js';
import { templatesMatch } from './templates-match.js';
import { topicsHaveWorkers } from './topics-have-workers.js';

export const RULES: readonly Rule[] = [
  regulationSteps,
  stepDeadlines,
  topicsHaveWorkers,
  refusalEnds,
  namedElements,
  lanesMatchActors,
  peopleTasks,
  templatesMatch,
  commissionDecides,
  regulationVersion,
  citedElements,
];
