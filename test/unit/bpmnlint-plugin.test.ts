import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RULES } from '../../src/check/rules/index.js';
import { ROOT } from '../../src/paths.js';

/** bpmnlint-plugin-housing-assistance against the one rule registry (src/check/rules/index.ts). */
const PLUGIN = join(ROOT, 'packages', 'bpmnlint-plugin-housing-assistance');
const ids = RULES.map((r) => r.id).sort();

describe('the bpmnlint plugin', () => {
  it('has a rule file for each rule of the registry, and none the registry lacks, each loading its own rule', () => {
    const files = readdirSync(join(PLUGIN, 'rules')).sort();
    expect(files).toEqual(ids.map((id) => `${id}.js`));
    for (const id of ids)
      expect({ id, source: readFileSync(join(PLUGIN, 'rules', `${id}.js`), 'utf8') }).toEqual({
        id,
        source: `module.exports = require('../lib/rules.js')('${id}');\n`,
      });
  });

  it('recommends exactly the rules of the registry, as Node loads the plugin for bpmnlint', () => {
    const loaded = spawnSync(
      process.execPath,
      ['-e', "console.log(JSON.stringify(require('bpmnlint-plugin-housing-assistance').configs.recommended))"],
      { cwd: ROOT, encoding: 'utf8', timeout: 60_000 },
    );
    expect(loaded.stderr).toBe('');
    const recommended = JSON.parse(loaded.stdout) as { rules: Record<string, string> };
    expect(Object.keys(recommended.rules).sort()).toEqual(ids);
    expect(new Set(Object.values(recommended.rules))).toEqual(new Set(['error']));
  });
});
