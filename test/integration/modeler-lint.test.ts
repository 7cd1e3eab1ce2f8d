import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../../src/stack/chromium.js';
import { buildModelerPlugin } from '../../src/check/modeler-plugin.js';
import { ROOT } from '../../src/paths.js';

/**
 * The Modeler plugin as Camunda Modeler uses it, without a desktop Modeler: its bundle registers
 * `lintRules.bpmn` on window.plugins; a bpmn-js Modeler with bpmn-js-bpmnlint (what Modeler's linting
 * is) takes them, in headless Chromium, and shows the finding on the element. A screenshot goes to the
 * test output.
 */
let browser: Browser;
let pluginBundle: string;
let hostBundle: string;
const SHIPPED_XML = readFileSync(join(ROOT, 'bpmn', 'housing-assistance.bpmn'), 'utf8');
const out = mkdtempSync(join(tmpdir(), 'modeler-lint-'));
const css = [
  'bpmn-js/dist/assets/diagram-js.css',
  'bpmn-js/dist/assets/bpmn-js.css',
  'bpmn-js/dist/assets/bpmn-font/css/bpmn.css',
  'bpmn-js-bpmnlint/dist/assets/css/bpmn-js-bpmnlint.css',
]
  .map((f) => readFileSync(join(ROOT, 'node_modules', f), 'utf8'))
  .join('\n');

beforeAll(async () => {
  pluginBundle = readFileSync(await buildModelerPlugin(out), 'utf8');
  // The host: bpmn-js's Modeler with bpmn-js-bpmnlint and Camunda's moddle, taking the lint rules plugins registered.
  const host = await build({
    stdin: {
      contents: `
        import Modeler from 'bpmn-js/lib/Modeler';
        import lintModule from 'bpmn-js-bpmnlint';
        import camunda from 'camunda-bpmn-moddle/resources/camunda.json';
        window.openDiagram = async (xml) => {
          const rules = window.plugins.find((p) => p.type === 'lintRules.bpmn').plugin;
          const modeler = new Modeler({ container: '#canvas', additionalModules: [lintModule], moddleExtensions: { camunda }, linting: { bpmnlint: rules, active: true } });
          window.modeler = modeler;
          const linted = new Promise((resolve) => modeler.on('linting.completed', ({ issues }) => resolve(issues)));
          await modeler.importXML(xml);
          return linted;
        };`,
      resolveDir: ROOT,
      loader: 'js',
    },
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    logLevel: 'error',
  });
  hostBundle = host.outputFiles[0].text;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

type Issues = Record<string, Array<{ id: string; message: string; rule: string; category: string }>>;

async function lintInModeler(xml: string, screenshot?: string): Promise<{ issues: Issues; overlays: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 800 } });
  try {
    await page.setContent(
      `<!doctype html><html><head><meta charset="utf-8"><style>${css} html,body,#canvas{margin:0;height:100%;width:100%} .djs-palette{display:none}</style></head><body><div id="canvas"></div></body></html>`,
    );
    await page.addScriptTag({ content: pluginBundle });
    await page.addScriptTag({ content: hostBundle });
    const issues = await page.evaluate(
      (x) => (globalThis as unknown as { openDiagram(xml: string): Issues }).openDiagram(x),
      xml,
    );
    await page.waitForTimeout(300);
    const overlays = await page.evaluate(() =>
      [
        ...(
          globalThis as unknown as {
            document: {
              querySelectorAll(s: string): Iterable<{ closest(s: string): { dataset: { containerId: string } } }>;
            };
          }
        ).document.querySelectorAll('.djs-overlays .bjsl-overlay'),
      ].map((o) => o.closest('.djs-overlays').dataset.containerId),
    );
    if (screenshot) {
      await page.evaluate(() => {
        type Box = { x: number; y: number; width: number; height: number };
        const { modeler } = globalThis as unknown as { modeler: { get<T>(service: string): T } };
        const timer = modeler.get<{ get(id: string): Box }>('elementRegistry').get('Timer_RegistrationDeadline');
        modeler
          .get<{ viewbox(box: Box): void }>('canvas')
          .viewbox({ x: timer.x - 420, y: timer.y - 260, width: 980, height: 560 });
      });
      await page.waitForTimeout(300);
      await page
        .click('.djs-overlays[data-container-id="Timer_RegistrationDeadline"] .bjsl-overlay')
        .catch(() => undefined);
      await page.waitForTimeout(200);
      await page.screenshot({ path: screenshot });
    }
    return { issues, overlays };
  } finally {
    await page.close();
  }
}

it('Modeler with the plugin shows no finding of ours on the shipped diagram', async () => {
  const { issues } = await lintInModeler(SHIPPED_XML);
  const ours = Object.values(issues)
    .flat()
    .filter((i) => i.rule.startsWith('housing-assistance/'));
  expect(ours).toEqual([]);
});

it('Modeler with the plugin shows a 25-minute registration limit as a finding on its timer', async () => {
  const screenshot = join(out, 'modeler-lint.png');
  const late = SHIPPED_XML.replace(
    /(Timer_RegistrationDeadlineDefinition"><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">)PT20M/,
    '$1PT25M',
  );
  const { issues, overlays } = await lintInModeler(late, screenshot);
  expect(issues.Timer_RegistrationDeadline).toEqual([
    expect.objectContaining({
      rule: 'housing-assistance/step-deadlines',
      category: 'error',
      message: expect.stringContaining("timer PT25M differs from the regulation's PT20M"),
    }),
  ]);
  expect(Object.keys(issues)).toEqual(['Timer_RegistrationDeadline']);
  expect(overlays).toContain('Timer_RegistrationDeadline');
  console.log(`Modeler lint screenshot: ${screenshot}`);
});
