import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';

/**
 * A new page logged in to one of the engine's webapps (Tasklist, Cockpit) as a user of config/people.yaml,
 * with the password the test setup wrote for them; `url` is the app's start page.
 */
export async function webappAs(
  browser: Browser,
  app: 'tasklist' | 'cockpit',
  user: string,
  viewport: { width: number; height: number },
): Promise<{ page: Page; url: string }> {
  const url = process.env.CAMUNDA_URL!.replace(/\/engine-rest$/, `/camunda/app/${app}/default/`);
  const page = await browser.newPage({ viewport });
  await page.goto(url);
  await page.fill('input[type=text]', user);
  await page.fill('input[type=password]', readFileSync(join(process.env.ENGINE_PASSWORDS_DIR!, user), 'utf8'));
  await page.click('button[type=submit]');
  return { page, url };
}
