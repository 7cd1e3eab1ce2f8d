import type { Rule } from '../rule.js';

/**
 * The diagram says which version of the regulation it implements (camunda:versionTag = act.version),
 * so Cockpit shows it per deployed version and `npm run amend` finds the mapping between two of them.
 */
export const regulationVersion: Rule = {
  id: 'regulation-version',
  check(model, { regulation }) {
    const { version } = regulation.act;
    if (model.versionTag === version) return [];
    return [
      {
        rule: this.id,
        element: model.processId,
        message: model.versionTag
          ? `the diagram's version tag ${model.versionTag} differs from the regulation's version ${version}`
          : `the diagram has no version tag; the regulation's version is ${version}`,
        fix: `set camunda:versionTag="${version}" on the process, or correct act.version in regulation.yaml`,
      },
    ];
  },
};
