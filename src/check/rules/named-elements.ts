import { elementsOf, type Rule } from '../rule.js';

/** Every task, event and decision has a name, so Cockpit and the status API can say where an application is. */
export const namedElements: Rule = {
  id: 'named-elements',
  check(model) {
    return elementsOf(model)
      .filter((e) => !e.name?.trim() && !(e.type === 'bpmn:ExclusiveGateway' && e.incoming.length > 1))
      .map((e) => ({
        rule: this.id,
        element: e.id,
        message: `${e.type.replace('bpmn:', '')} without a name`,
        fix: `name ${e.id} after the regulation's words`,
      }));
  },
};
