import { expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildCockpitPlugin } from '../../src/cockpit/build.js';
import type { CockpitLimits } from '../../src/cockpit/limits.js';
import { loadRegulation } from '../../src/config.js';

it("builds the plugin and the regulation's limits once, and again only when they change", async () => {
  const regulation = loadRegulation();
  const dir = mkdtempSync(join(tmpdir(), 'cockpit-plugin-'));
  expect(buildCockpitPlugin(regulation, dir)).toBe(true);
  expect(buildCockpitPlugin(regulation, dir)).toBe(false);

  const limits = JSON.parse(readFileSync(join(dir, 'limits.json'), 'utf8')) as CockpitLimits;
  expect(limits.term).toEqual({ clause: '§6', limit: 'P10D', metAt: regulation.term.metAt });
  const limited = Object.fromEntries(limits.steps.filter((s) => s.limit).map((s) => [s.step, s.limit]));
  expect(limited).toEqual(Object.fromEntries(regulation.steps.filter((s) => s.limit).map((s) => [s.step, s.limit])));
  expect(limits.steps.some((s) => 'tests' in s)).toBe(false);

  const changed = { ...regulation, term: { ...regulation.term, limit: 'P12D' } };
  expect(buildCockpitPlugin(changed, dir)).toBe(true);

  // Cockpit imports the bundle as an ES module and reads its default export: one tab per page.
  const plugin = (await import(pathToFileURL(join(dir, 'plugin.js')).href)) as {
    default: Array<{ id: string; pluginPoint: string; label: string; render: unknown }>;
  };
  expect(plugin.default.map((p) => [p.pluginPoint, p.label, typeof p.render])).toEqual([
    ['cockpit.processInstance.runtime.tab', 'Deadlines', 'function'],
    ['cockpit.processDefinition.runtime.tab', 'Deadlines', 'function'],
  ]);
});
