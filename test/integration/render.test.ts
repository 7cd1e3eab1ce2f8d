import { expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BPMN_DIR } from '../../src/engine/deployment.js';
import { ROOT } from '../../src/paths.js';

const RED = 'rgb(198, 40, 40)';
const GREEN = 'rgb(46, 125, 50)';

/** The drawn group of one element in bpmn-js's SVG: its visual up to the next element. */
function group(svg: string, id: string): string {
  const start = svg.indexOf(`data-element-id="${id}"`);
  expect(start).toBeGreaterThan(0);
  return svg.slice(start, svg.indexOf('data-element-id=', start + 20));
}

it('npm run render draws a changed diagram in headless Chromium, the broken deadline red and the conforming steps green', () => {
  const dir = mkdtempSync(join(tmpdir(), 'render-'));
  const file = join(dir, 'changed.bpmn');
  copyFileSync(join(BPMN_DIR, 'commission-decision.form'), join(dir, 'commission-decision.form'));
  writeFileSync(
    file,
    readFileSync(join(BPMN_DIR, 'housing-assistance.bpmn'), 'utf8').replace(
      /(Timer_RegistrationDeadlineDefinition"><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">)PT20M/,
      '$1PT40M',
    ),
  );
  const run = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'src', 'cli', 'render.ts'), '--out', dir, file],
    {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 90_000,
    },
  );
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  expect(run.stdout).toContain('1 finding(s) in red');

  const svg = readFileSync(join(dir, 'changed.svg'), 'utf8');
  expect(group(svg, 'Timer_RegistrationDeadline')).toContain(RED);
  expect(group(svg, 'Task_Registration')).toContain(GREEN);
  expect(group(svg, 'Task_Registration')).not.toContain(RED);
  expect(group(svg, 'EndEvent_EdsRefused')).toContain(GREEN);

  const png = readFileSync(join(dir, 'changed.png'));
  expect(png.subarray(1, 4).toString()).toBe('PNG');
  // IHDR: width and height, big enough to read every label of the diagram.
  expect(png.readUInt32BE(16)).toBeGreaterThan(1500);
  expect(png.readUInt32BE(20)).toBeGreaterThan(1000);
});
