import { fixedProperties, type TemplateProperty } from '../template-shape.js';
import { elementsOf, isServiceTask, type Finding, type Rule } from '../rule.js';
import type { ModelElement } from '../model.js';

function actual(e: ModelElement, p: TemplateProperty): string | undefined {
  if (p.binding.type === 'camunda:property') return e.properties[p.binding.name];
  if (p.binding.type === 'camunda:inputParameter') return e.inputs[p.binding.name];
  if (p.binding.name === 'camunda:type') return e.external ? 'external' : undefined;
  if (p.binding.name === 'camunda:topic') return e.topic;
  return undefined;
}

/**
 * A worker's task made from an element template (Modeler's catalogue, .camunda/element-templates) is
 * made from its topic's template and still carries what the template fixes: the topic, the external
 * type, what the worker reads and sets; the inputs the template maps are there.
 */
export const templatesMatch: Rule = {
  id: 'templates-match',
  check(model, { templates }) {
    if (!templates) return [];
    const findings: Finding[] = [];
    for (const e of elementsOf(model).filter((x) => isServiceTask(x) && x.topic && templates.has(x.topic))) {
      const template = templates.get(e.topic!)!;
      const where = { rule: this.id, element: e.id };
      // A task drawn by hand is the analyst's choice; a task made from a template keeps what it fixes.
      if (!e.modelerTemplate) continue;
      if (e.modelerTemplate !== template.id) {
        findings.push({
          ...where,
          message: `made from the template ${e.modelerTemplate}, not ${template.id} of its topic ${e.topic}`,
          fix: `apply "${template.name}" from Modeler's template catalogue`,
        });
        continue;
      }
      if ((e.modelerTemplateVersion ?? 0) < template.version)
        findings.push({
          ...where,
          message: `made from version ${e.modelerTemplateVersion ?? '(none)'} of the template "${template.name}", whose contract is now version ${template.version}`,
          fix: `update ${e.id} to the template's version ${template.version} in Modeler (Update)`,
        });
      for (const p of fixedProperties(template)) {
        const found = actual(e, p);
        if (found !== p.value)
          findings.push({
            ...where,
            message: `${p.label ?? p.binding.name} is ${found === undefined ? 'missing' : `"${found}"`} where the template "${template.name}" says "${p.value}"`,
            fix: `re-apply the template in Modeler (Update), or run npm run templates if the worker changed`,
          });
      }
      for (const p of template.properties.filter(
        (x) => x.binding.type === 'camunda:inputParameter' && x.constraints?.notEmpty,
      )) {
        if (!actual(e, p))
          findings.push({
            ...where,
            message: `no input ${p.binding.name}, which the template "${template.name}" requires`,
            fix: `fill in ${p.binding.name} in the template's Inputs`,
          });
      }
    }
    return findings;
  },
};
