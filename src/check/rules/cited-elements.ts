import { elementCitations } from '../../domain/regulation.js';
import type { Rule } from '../rule.js';

/**
 * The documentation of each element the regulation names starts with its citation as the Kazakh text
 * numbers it ("§6 step 1 / §9 1) / §10 2)"), so an analyst reading the diagram in Modeler or Cockpit
 * finds the clause it implements; the citation comes from bpmn/regulation.yaml only.
 */
export const citedElements: Rule = {
  id: 'cited-elements',
  check(model, { regulation }) {
    return [...elementCitations(regulation)].flatMap(([id, citation]) => {
      const element = model.elements.get(id);
      if (!element) return [];
      const text = element.documentation?.trim() ?? '';
      // "§11" must not pass for "§110", nor "§10 2)" for "§10 2)3)".
      if (text.startsWith(citation) && !/^[\d)]/.test(text.slice(citation.length))) return [];
      return [
        {
          rule: this.id,
          element: id,
          clause: citation,
          message: text
            ? `the documentation starts "${text.slice(0, citation.length + 10)}", not the regulation's citation`
            : 'no documentation citing the regulation',
          fix: `start the documentation of ${id} with "${citation}" (bpmn/regulation.yaml)`,
        },
      ];
    });
  },
};
