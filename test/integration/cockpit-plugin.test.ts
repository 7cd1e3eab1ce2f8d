import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../src/stack/chromium.js';
import { WORKERS } from '../../workers/all.js';
import { asOperator, testApi } from '../support/api.js';
import { dossier } from '../support/fixtures.js';
import { engine, startWorkers, until, type TestWorkers } from '../support/harness.js';
import { webappAs } from '../support/webapps.js';

/**
 * The deadlines in Cockpit (src/cockpit/plugin.ts, served by the engine's jar), as an operator sees them
 * in Debian's headless Chromium: an application waiting at step 4 after a breach of step 1, then the
 * process definition's counts. A screenshot goes to the test output (docs/cockpit-deadlines.png is one).
 */
let api: ReturnType<typeof testApi>;
let workers: TestWorkers | undefined;
let browser: Browser;
const OPERATOR = 'OPS-01';
const DAY = 86_400_000;

/** Almaty's clock (UTC+5 since March 2024), computed here without the domain's code. */
const almaty = (ms: number) => new Date(ms + 5 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

beforeAll(async () => {
  api = testApi();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await workers?.stop();
  await api.close();
});

async function cockpitAs(user: string): Promise<{ page: Page; cockpit: string }> {
  const { page, url } = await webappAs(browser, 'cockpit', user, { width: 1300, height: 1000 });
  await page.getByText('Processes', { exact: true }).first().waitFor();
  return { page, cockpit: url };
}

async function openDeadlines(page: Page, url: string) {
  await page.goto(url);
  await page.getByText('Deadlines', { exact: true }).first().click();
  await page.locator('table.housing-deadlines').waitFor({ timeout: 30_000 });
}

const cell = (page: Page, element: string, column: number) =>
  page.locator(`table.housing-deadlines tr[data-element="${element}"] td`).nth(column).innerText();

it("an operator sees an application's steps in Cockpit with their limits, Almaty deadlines, use of the limit and the breach; the definition's page counts the breaches", async () => {
  // Only intake and the breach recorder: the application waits at registration (step 1), whose timer fires now.
  workers = startWorkers(WORKERS.filter((w) => w.topic === 'intake-check' || w.topic === 'deadline-breach'));
  const res = await api.http().post('/applications').set(asOperator()).send(dossier());
  const id = res.body.id as string;
  const processInstanceId = await until('the process to start', () => api.applications.processInstanceId(id));
  const registration = await until('the application to wait at registration', async () => {
    const status = (await api.http().get(`/applications/${id}`).set(asOperator())).body;
    return status.currentStep?.elementId === 'Task_Registration' ? status.currentStep : null;
  });
  const jobs = await api.camunda.jobs({ processInstanceId });
  const stepTimer = jobs.find((j) => j.dueDate && Date.parse(j.dueDate) - Date.parse(registration.startedAt) < DAY)!;
  await api.camunda.executeJob(stepTimer.id);
  await until('the breach to be recorded', async () => {
    const status = (await api.http().get(`/applications/${id}`).set(asOperator())).body;
    return status.breaches.length === 1;
  });
  await workers.stop();
  // The rest, without the simulated commission: the application waits for the commission's decision (step 4).
  workers = startWorkers(WORKERS, {}, { commission: false });
  await until(
    'the application to wait for the commission',
    async () => {
      const status = (await api.http().get(`/applications/${id}`).set(asOperator())).body;
      return status.currentStep?.elementId === 'UserTask_CommissionDecision';
    },
    90_000,
  );
  const admin = engine();
  const [step4] = await admin.request<Array<{ startTime: string }>>(
    'GET',
    `/history/activity-instance?processInstanceId=${processInstanceId}&activityId=SubProcess_CommissionDecision`,
  );
  const { processDefinitionId } = await admin.request<{ processDefinitionId: string }>(
    'GET',
    `/history/process-instance/${processInstanceId}`,
  );

  const { page, cockpit } = await cockpitAs(OPERATOR);
  await openDeadlines(page, `${cockpit}#/process-instance/${processInstanceId}/runtime`);
  const step4Deadline = almaty(Date.parse(step4.startTime) + 6 * DAY);
  expect(await cell(page, 'SubProcess_CommissionDecision', 0)).toBe('4');
  expect(await cell(page, 'SubProcess_CommissionDecision', 3)).toBe('in progress');
  expect(await cell(page, 'SubProcess_CommissionDecision', 4)).toBe('6 days');
  expect(await cell(page, 'SubProcess_CommissionDecision', 5)).toBe(step4Deadline);
  expect(await cell(page, 'SubProcess_CommissionDecision', 6)).toMatch(/^0%$/);
  // The commission's task is a part of step 4: step 4's limit and deadline.
  expect(await cell(page, 'UserTask_CommissionDecision', 4)).toBe('6 days (step 4)');
  expect(await cell(page, 'UserTask_CommissionDecision', 5)).toBe(step4Deadline);
  // Step 1: 20 minutes from its start, and the breach the engine's timer recorded.
  expect(await cell(page, 'Task_Registration', 4)).toBe('20 minutes');
  expect(await cell(page, 'Task_Registration', 5)).toBe(almaty(Date.parse(registration.startedAt) + 20 * 60_000));
  expect(await cell(page, 'Task_Registration', 7)).toContain("recorded by the engine's timer");
  expect(await cell(page, 'SubProcess_CommissionDecision', 7)).toBe('—');
  const rowClass = (element: string) =>
    page.locator(`table.housing-deadlines tr[data-element="${element}"]`).getAttribute('class');
  expect(await rowClass('Task_Registration')).toBe('danger');
  expect(await rowClass('SubProcess_CommissionDecision')).toBe('');
  // The same steps, limits and deadlines as the status API shows the applicant's operator.
  const status = (await api.http().get(`/applications/${id}`).set(asOperator())).body;
  const shown = await page
    .locator('table.housing-deadlines tbody tr')
    .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-element')));
  expect(shown).toEqual([...status.steps.map((s: { elementId: string }) => s.elementId), 'housing-assistance']);
  // The picture: the diagram folded away (Cockpit's own button above the tabs), the tab on the whole page.
  const foldDiagram = page.locator('.hide-collapsable:has(.glyphicon-menu-up)');
  if (await foldDiagram.count()) await foldDiagram.first().click();
  await page.waitForTimeout(1_000);
  const shots = mkdtempSync(join(tmpdir(), 'cockpit-'));
  await page.screenshot({ path: join(shots, 'cockpit-deadlines.png') });

  // What the definition's page should count, asked of the engine's runtime (other test files may leave some).
  const breaches = await admin.request<Array<{ processInstanceId: string; value: unknown }>>(
    'GET',
    `/history/variable-instance?processDefinitionId=${processDefinitionId}&variableName=breachedElement`,
  );
  const runningWithBreach = async (element: string) => {
    const ids = [...new Set(breaches.filter((b) => b.value === element).map((b) => b.processInstanceId))];
    if (!ids.length) return 0;
    return (await admin.request<unknown[]>('GET', `/process-instance?processInstanceIds=${ids.join(',')}`)).length;
  };
  const expected = {
    step1: await runningWithBreach('Task_Registration'),
    step4: await runningWithBreach('SubProcess_CommissionDecision'),
    term: await runningWithBreach('housing-assistance'),
  };
  expect(expected.step1).toBeGreaterThanOrEqual(1);

  await openDeadlines(page, `${cockpit}#/process-definition/${processDefinitionId}/runtime`);
  expect(await cell(page, 'Task_Registration', 2)).toBe('20 minutes');
  expect(await cell(page, 'Task_Registration', 4)).toBe(String(expected.step1));
  expect(await cell(page, 'SubProcess_CommissionDecision', 2)).toBe('6 days');
  // Nobody has waited 6 days yet (the engine started minutes ago): no application is in step 4 past its limit.
  expect(await cell(page, 'SubProcess_CommissionDecision', 3)).toBe('0');
  expect(await cell(page, 'SubProcess_CommissionDecision', 4)).toBe(String(expected.step4));
  expect(await cell(page, 'housing-assistance', 4)).toBe(String(expected.term));
  expect(await rowClass('Task_Registration')).toBe('danger');
  expect(await rowClass('SubProcess_CommissionDecision')).toBe(expected.step4 ? 'danger' : '');
  await page.locator('table.housing-deadlines').screenshot({ path: join(shots, 'cockpit-definition.png') });
  console.log(`Cockpit screenshots: ${shots}`);
}, 240_000);
