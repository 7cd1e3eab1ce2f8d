import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { workersContext } from '../check/templates.js';
import { createRequire } from 'node:module';
import { basename, join, resolve } from 'node:path';
import { launchChromium } from '../stack/chromium.js';
import { checkDiagrams } from '../check/check.js';
import type { Finding } from '../check/rule.js';
import { loadRegulation, REGULATION_FILE } from '../config.js';
import { stepsOf, type Regulation } from '../domain/regulation.js';
import { ROOT } from '../paths.js';
import { escapeHtml as escape } from '../domain/text.js';
import { WORKERS } from '../../workers/all.js';
import { BPMN_DIR } from '../engine/deployment.js';
import { command } from './lib/main.js';

const require = createRequire(import.meta.url);
const asset = (path: string) => readFileSync(require.resolve(`bpmn-js/dist/${path}`), 'utf8');

type Box = { x: number; y: number; width: number; height: number };
type Canvas = { viewbox(box?: Box): { inner: Box }; resized(): void };
interface Modeler {
  importXML(xml: string): Promise<unknown>;
  saveSVG(): Promise<{ svg: string }>;
  get<T>(service: string): T;
}
/** What bpmn-js's bundle puts on the page's global object. */
interface InPage {
  BpmnJS: new (options: object) => Modeler;
  modeler: Modeler;
  document: {
    getElementById(id: string): { style: { width: string; height: string } } | null;
    body: { scrollHeight: number };
  };
}

const GREEN = { fill: '#e8f5e9', stroke: '#2e7d32' };
const RED = { fill: '#ffebee', stroke: '#c62828' };
const ORANGE = { fill: '#fff3e0', stroke: '#ef6c00' };

/** The elements the regulation names: green unless a finding or warning names them. */
export function coloursFor(
  regulation: Regulation,
  findings: Finding[],
  warnings: Finding[],
): Record<string, { fill: string; stroke: string }> {
  const colours: Record<string, { fill: string; stroke: string }> = {};
  for (const id of [
    ...stepsOf(regulation).map((s) => s.elementId),
    ...regulation.outcomes.map((o) => o.element),
    regulation.term.element,
  ])
    colours[id] = GREEN;
  for (const w of warnings) colours[w.element] = ORANGE;
  for (const f of findings) colours[f.element] = RED;
  return colours;
}

function page(title: string, lines: string[]): string {
  return `<!doctype html><html><head><meta charset="utf-8"><style>
${asset('assets/diagram-js.css')}
${asset('assets/bpmn-js.css')}
${asset('assets/bpmn-font/css/bpmn-embedded.css')}
body{margin:0;font-family:sans-serif;background:#fff} header{padding:12px 20px} h1{font-size:18px;margin:0 0 6px}
.djs-palette{display:none} li{font-size:13px} .ok{color:#2e7d32} .bad{color:#c62828} #canvas{width:100vw;height:100vh}
</style></head><body><header><h1>${escape(title)}</h1><ul>${lines.map((l) => `<li class="${l.startsWith('✓') ? 'ok' : 'bad'}">${escape(l)}</li>`).join('')}</ul></header><div id="canvas"></div></body></html>`;
}

async function main() {
  const program = command(
    'npm run render --',
    'draws each diagram to <out>/<name>.svg and .png with bpmn-js in headless Chromium (CHROMIUM_PATH, default /usr/bin/chromium), coloured by the conformance check: green implements the regulation, red has a finding, orange a warning',
  )
    .argument('[diagrams...]', 'the diagrams (default: bpmn/*.bpmn)')
    .option('--out <dir>', 'where the pictures go', join(ROOT, 'render'))
    .option('--regulation <file.yaml>', 'the regulation (default: bpmn/regulation.yaml)')
    .parse();
  const args = { values: program.opts<{ out: string; regulation?: string }>(), positionals: program.args };
  const regulation = loadRegulation(args.values.regulation ? resolve(args.values.regulation) : REGULATION_FILE);
  const files = args.positionals.length
    ? args.positionals.map((f) => resolve(f))
    : readdirSync(BPMN_DIR)
        .filter((f) => f.endsWith('.bpmn'))
        .map((f) => join(BPMN_DIR, f));
  const out = resolve(args.values.out);
  mkdirSync(out, { recursive: true });
  const { reports } = await checkDiagrams(files, workersContext(WORKERS, regulation));

  const browser = await launchChromium();
  let failed = 0;
  try {
    for (const { file, findings, warnings } of reports) {
      const name = basename(file, '.bpmn');
      const lines = findings.length
        ? findings.map((f) => `✗ ${f.element}${f.clause ? ` (${f.clause})` : ''}: ${f.message}`)
        : ['✓ matches the regulation and the workers'];
      const tab = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
      await tab.setContent(
        page(`${name}.bpmn — ${findings.length ? `${findings.length} finding(s)` : 'conforms'}`, [
          ...lines,
          ...warnings.map((w) => `! ${w.element}: ${w.message}`),
        ]),
      );
      await tab.addScriptTag({ content: asset('bpmn-modeler.production.min.js') });
      const result = await tab.evaluate(
        async ({ xml, colours }) => {
          const page = globalThis as unknown as InPage;
          const modeler = new page.BpmnJS({ container: '#canvas' });
          page.modeler = modeler;
          try {
            await modeler.importXML(xml);
          } catch (e) {
            return { error: (e as Error).message };
          }
          const registry = modeler.get<{ get(id: string): unknown }>('elementRegistry');
          const modeling = modeler.get<{ setColor(elements: unknown[], colour: object): void }>('modeling');
          for (const [id, colour] of Object.entries(colours)) {
            const element = registry.get(id);
            if (element) modeling.setColor([element], colour);
          }
          const { svg } = await modeler.saveSVG();
          return { svg };
        },
        { xml: readFileSync(file, 'utf8'), colours: coloursFor(regulation, findings, warnings) },
      );
      if ('error' in result) {
        console.error(`✗ ${file}: bpmn-js cannot draw it: ${result.error}`);
        failed += 1;
        continue;
      }
      writeFileSync(join(out, `${name}.svg`), result.svg);
      const size = await tab.evaluate(() => {
        // The canvas as large as the diagram at 100 %, so the picture is sharp and whole.
        const page = globalThis as unknown as InPage;
        const canvas = page.modeler.get<Canvas>('canvas');
        const { inner } = canvas.viewbox();
        const { document } = page;
        const container = document.getElementById('canvas')!;
        container.style.width = `${Math.ceil(inner.width) + 40}px`;
        container.style.height = `${Math.ceil(inner.height) + 40}px`;
        canvas.resized();
        canvas.viewbox({ x: inner.x - 20, y: inner.y - 20, width: inner.width + 40, height: inner.height + 40 });
        return { width: Math.ceil(inner.width) + 40, height: document.body.scrollHeight };
      });
      await tab.setViewportSize({ width: Math.max(800, size.width), height: size.height });
      await tab.screenshot({ path: join(out, `${name}.png`), fullPage: true });
      await tab.close();
      console.log(
        `${findings.length ? '✗' : '✓'} ${file} → ${join(out, `${name}.svg`)}, ${join(out, `${name}.png`)}${findings.length ? ` (${findings.length} finding(s) in red)` : ''}`,
      );
    }
  } finally {
    await browser.close();
  }
  process.exit(failed ? 1 : 0);
}

await main();
