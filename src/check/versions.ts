import type { Model } from './model.js';
import type { CamundaClient } from '../engine/camunda.js';
import type { Finding } from './rule.js';

/**
 * Deploying a changed diagram leaves running instances on their version. Where the change removes an
 * element that holds tokens, those instances cannot move to the new version without a mapping: warn,
 * with how many wait where, so the analyst keeps the element or plans the migration.
 */
export async function strandedTokens(model: Model, engine: CamundaClient): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const definition of await engine.processDefinitions(model.processId)) {
    for (const { id, instances } of await engine.activityStatistics(definition.id)) {
      if (instances === 0 || model.elements.has(id)) continue;
      findings.push({
        rule: 'stranded-tokens',
        element: id,
        message: `${instances} running instance(s) of version ${definition.version} wait at ${id}, which this diagram removes: they stay on version ${definition.version} and cannot be migrated to this one as it is`,
        fix: `keep ${id}, let those instances finish first, or migrate them with npm run amend (the engine's migration API), mapping ${id} to an element of the new version in bpmn/migrations/ (docs/analysts.md, "Amendments")`,
      });
    }
  }
  return findings;
}
