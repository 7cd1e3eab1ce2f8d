import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { loadRegulation } from '../../src/config.js';
import { launchChromium } from '../../src/stack/chromium.js';
import { asOperator, testApi } from '../support/api.js';
import { dossier } from '../support/fixtures.js';
import { engineAs, processEnded, startWorkers, until, type TestWorkers } from '../support/harness.js';
import { webappAs } from '../support/webapps.js';

/**
 * Step 4 as the commission's secretary does it: in the engine's own Tasklist, in Debian's Chromium
 * (headless, no browser download). Log in, open the task, claim it, refuse on a listed ground with the
 * minutes, complete; the applicant is notified with that ground. A screenshot goes to the test output.
 */
let api: ReturnType<typeof testApi>;
let workers: TestWorkers;
let browser: Browser;
const MEMBER = 'BOS-C02';

beforeAll(async () => {
  api = testApi();
  workers = startWorkers(undefined, {}, { commission: false });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await workers.stop();
  await api.close();
});

it('a member of the district commission decides in Tasklist: claim, refuse on a listed ground with the minutes, complete', async () => {
  const res = await api.http().post('/applications').set(asOperator()).send(dossier());
  const processInstanceId = await until('the process to start', () => api.applications.processInstanceId(res.body.id));
  const [task] = await until('the commission task', async () => {
    const tasks = await engineAs(MEMBER).request<Array<{ id: string }>>(
      'GET',
      `/task?processInstanceId=${processInstanceId}`,
    );
    return tasks.length ? tasks : null;
  });

  const { page, url: tasklist } = await webappAs(browser, 'tasklist', MEMBER, { width: 1500, height: 1300 });
  await page.getByText('Housing assistance: my tasks').first().waitFor();
  await page.goto(`${tasklist}#/?task=${task.id}`);
  await page.getByRole('button', { name: 'Claim' }).click();
  await page.getByText('Тағайындаудан бас тарту / отказать в назначении').click();

  // The ground list comes from bpmn/regulation.yaml through the case sheet's variables.
  const select = page.locator('.fjs-select-display').first();
  await select.waitFor();
  const box = (await select.boundingBox())!;
  await page.mouse.click(box.x + 20, box.y + box.height / 2);
  const grounds = await page.locator('.fjs-dropdownlist-item').allTextContents();
  expect(grounds.map((g) => /\(([a-z-]+)\)$/.exec(g)?.[1])).toEqual([
    'not-only-dwelling',
    'not-permanently-registered',
    'costs-within-allowable-share',
    'false-information',
  ]);
  // Each in Kazakh and Russian, as bpmn/regulation.yaml words it.
  const falseInformation = loadRegulation().refusalGrounds.find((g) => g.id === 'false-information')!;
  expect(grounds.at(-1)).toContain(falseInformation.kk);
  expect(grounds.at(-1)).toContain(falseInformation.ru);
  await page.locator('.fjs-dropdownlist-item', { hasText: 'false-information' }).click();
  await page.locator('.fjs-form-field-textfield input').fill('22/2026');
  const now = new Date(Date.now() + 5 * 3_600_000);
  await page
    .locator('.fjs-form-field-datetime input.fjs-input')
    .fill(
      `${String(now.getUTCMonth() + 1).padStart(2, '0')}/${String(now.getUTCDate()).padStart(2, '0')}/${now.getUTCFullYear()}`,
    );
  await page.keyboard.press('Tab');
  const shot = join(mkdtempSync(join(tmpdir(), 'tasklist-')), 'commission-decision.png');
  await page.screenshot({ path: shot, fullPage: true });
  await page.getByRole('button', { name: 'Complete' }).click();

  const ended = await processEnded(api.camunda, processInstanceId, 60_000);
  expect(ended.endEvents).toEqual(['EndEvent_AssistanceRefused']);
  const status = (await api.http().get(`/applications/${res.body.id}`).set(asOperator())).body;
  expect(status.outcome).toMatchObject({
    decision: 'refused',
    ground: 'false-information',
    minutes: { number: '22/2026', date: now.toISOString().slice(0, 10) },
    enteredBy: MEMBER,
  });
  console.log(`Tasklist screenshot: ${shot}`);
}, 120_000);
