import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseEngineTime } from '../../src/engine/camunda.js';
import { launchChromium } from '../../src/stack/chromium.js';
import { ROOT } from '../../src/paths.js';
import { WORKERS } from '../../workers/all.js';
import { asOperator, testApi } from '../support/api.js';
import { COMPLETE_DOCUMENTS, dossier } from '../support/fixtures.js';
import { processEnded, startWorkers, until } from '../support/harness.js';

/** The report over history made here, against figures computed by hand from the same instances. */
let api: ReturnType<typeof testApi>;
beforeAll(() => {
  api = testApi();
});
afterAll(() => api.close());

const nearestRank = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.ceil(p * values.length) - 1];

/** The report is an operator's tool: it reads the history as a member of `operators` (Cockpit's rights). */
const operatorEnv = () => ({
  ...process.env,
  CAMUNDA_USER: 'OPS-01',
  CAMUNDA_PASSWORD: readFileSync(join(process.env.ENGINE_PASSWORDS_DIR!, 'OPS-01'), 'utf8'),
});

it('npm run sla-report gives per step the count, median and p95 of this history, and its one breach', async () => {
  // Only this test's applications: the file before may have started some in its last second.
  const since = new Date();
  const ids: string[] = [];
  const submit = async (body: object) => {
    const res = await api.http().post('/applications').set(asOperator()).send(body);
    expect(res.status).toBe(202);
    ids.push(res.body.id);
    return res.body.id as string;
  };

  // One application waits at registration until its 20-minute timer is executed: the engine records the breach.
  const early = startWorkers(WORKERS.filter((w) => w.topic === 'intake-check' || w.topic === 'deadline-breach'));
  const late = await submit(dossier({ address: { district: 'medeu', line: 'пр. Достык, 5' } }));
  const lateInstance = await until('the application to wait at registration', () =>
    api.applications.processInstanceId(late),
  );
  await until('registration to start', async () =>
    (await api.camunda.activityHistory(lateInstance)).some((a) => a.activityId === 'Task_Registration'),
  );
  const timer = (await api.camunda.jobs({ processInstanceId: lateInstance })).find(
    (j) => j.dueDate && Date.parse(j.dueDate) - Date.now() < 21 * 60_000,
  )!;
  await api.camunda.executeJob(timer.id);
  await until('the breach to be recorded', async () =>
    ((await api.applications.get(late))?.breaches ?? []).some((b) => b.element === 'Task_Registration'),
  );
  await early.stop();

  const workers = startWorkers();
  try {
    for (let i = 0; i < 4; i++) await submit(dossier());
    await submit(dossier({ documents: COMPLETE_DOCUMENTS.filter((d) => d.type !== 'utility-bills') }));
    for (const id of ids) await processEnded(api.camunda, (await api.applications.processInstanceId(id))!);
  } finally {
    await workers.stop();
  }

  const dir = mkdtempSync(join(tmpdir(), 'sla-'));
  const run = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      join(ROOT, 'src', 'cli', 'sla-report.ts'),
      '--since',
      since.toISOString(),
      '--json',
      '--html',
      join(dir, 'sla.html'),
    ],
    { cwd: ROOT, encoding: 'utf8', timeout: 60_000, env: operatorEnv() },
  );
  expect(run.status).toBe(0);
  const report = JSON.parse(run.stdout);
  expect(report.applications).toBe(ids.length);

  // By hand: the durations of each step in these applications' own history.
  const durations = new Map<string, number[]>();
  const instances = await Promise.all(ids.map(async (id) => (await api.applications.processInstanceId(id))!));
  for (const pid of instances) {
    for (const a of await api.camunda.activityHistory(pid)) {
      if (!a.endTime || !a.activityId.startsWith('Task_') || a.activityId.startsWith('Task_RecordBreach')) continue;
      durations.set(a.activityId, [
        ...(durations.get(a.activityId) ?? []),
        parseEngineTime(a.endTime) - parseEngineTime(a.startTime),
      ]);
    }
  }
  for (const [element, values] of durations) {
    const row = report.rows.find((r: { element: string }) => r.element === element);
    expect({ element, count: row.count, median: row.medianMs, p95: row.p95Ms }).toEqual({
      element,
      count: values.length,
      median: nearestRank(values, 0.5),
      p95: nearestRank(values, 0.95),
    });
  }
  expect(durations.get('Task_IntakeCheck')).toHaveLength(6);
  expect(durations.get('Task_RefusalReceipt')).toHaveLength(1);
  expect(durations.get('Task_Registration')).toHaveLength(5);
  const term = report.rows.find((r: { step: string }) => r.step === 'term');
  expect(term.count).toBe(6);

  expect(report.breaches).toEqual([
    expect.objectContaining({
      applicationId: late,
      element: 'Task_Registration',
      clause: '§6 step 1 / §9 1) / §10 2)',
      limit: 'PT20M',
      open: false,
      recordedByEngine: true,
    }),
  ]);
  const html = readFileSync(join(dir, 'sla.html'), 'utf8');
  expect(html).toContain('<svg');
  expect(html).toContain(late);
  // Self-contained: nothing loaded from elsewhere.
  expect(html).not.toMatch(/<script|<link|\b(src|href)=/i);

  // The page as a person sees it, in Chromium: every measured step a bar wider than nothing, its name
  // whole and inside the picture, and the breach in red with its count.
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    await page.goto(pathToFileURL(join(dir, 'sla.html')).href);
    const box = (await page.locator('svg').first().boundingBox())!;
    const inside = (r: { x: number; y: number; width: number; height: number }) =>
      r.x >= box.x - 0.5 &&
      r.x + r.width <= box.x + box.width + 0.5 &&
      r.y >= box.y - 0.5 &&
      r.y + r.height <= box.y + box.height + 0.5;
    const drawn = {
      bars: await Promise.all(
        (await page.locator('svg g.mark-rect path').all()).map(async (p) => ({
          width: (await p.boundingBox())!.width,
          fill: await p.getAttribute('fill'),
        })),
      ),
      texts: await Promise.all(
        (await page.locator('svg text').all()).map(async (t) => ({
          text: (await t.textContent()) ?? '',
          inside: inside((await t.boundingBox())!),
          fill: await t.getAttribute('fill'),
        })),
      ),
    };
    const measured = report.rows.filter((r: { limit: string | null; count: number }) => r.limit && r.count > 0);
    // Two bars per step (p95 and median), each at least a pixel wide.
    expect(drawn.bars).toHaveLength(2 * measured.length);
    for (const bar of drawn.bars) expect(bar.width).toBeGreaterThanOrEqual(1);
    for (const r of measured as Array<{ step: string; element: string }>)
      expect(drawn.texts.map((t) => t.text)).toContain(`${r.step} ${r.element}`);
    for (const t of drawn.texts) {
      expect(t.text).not.toContain('…');
      expect({ text: t.text, inside: t.inside }).toEqual({ text: t.text, inside: true });
    }
    // The registration step, whose deadline timer recorded the breach, in red with its count.
    expect(drawn.bars.filter((b) => b.fill === '#c62828')).toHaveLength(2);
    expect(drawn.texts).toContainEqual(
      expect.objectContaining({ text: expect.stringMatching(/of 20 minutes .* · 1 breach\(es\)$/), fill: '#c62828' }),
    );
    expect(drawn.texts.map((t) => t.text)).toContain('1 breach(es): a step past its limit');
    await page
      .locator('svg')
      .first()
      .screenshot({ path: join(dir, 'sla-chart.png') });
  } finally {
    await browser.close();
  }
});
