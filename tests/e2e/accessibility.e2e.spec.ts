import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasHorizontalScroll, seriousViolations } from './helpers/axe.js';
import { launchChromium } from './helpers/browser.js';
import { startServer, type RunningServer } from './helpers/server.js';

const token = 'e2e-a11y-token-0b2d';
let server: RunningServer;
let browser: Browser;
beforeAll(async () => {
  [server, browser] = await Promise.all([startServer({ QANTAR_EDITOR_TOKENS: `editor:${token}` }), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const publicPages = [
  '/',
  '/?topic=amnesty-law',
  '/statements/hearing-2023-01-05-law-enforcement',
  '/statements/unrest-2022-01-04',
  '/figures?date=2023-01-05',
  '/figures?date=2021-01-01',
  '/metrics',
  '/metrics/amnesty-covered',
  '/metrics/persons-criminally-liable',
  '/about',
  '/editor',
  '/no-such-page',
  '/figures?date=2023-02-30',
  '/?at=3',
];

describe('every page is accessible and fits a phone', () => {
  for (const width of [1280, 375]) {
    it(`has no serious or critical axe violations at ${width} px, and no sideways scroll`, async () => {
      // axe-core/playwright needs a page from an explicit context.
      const context = await browser.newContext({ viewport: { width, height: 900 } });
      const page = await context.newPage();
      const problems: string[] = [];
      for (const path of publicPages) {
        await page.goto(`${server.url}${path}`);
        problems.push(...(await seriousViolations(page)).map((v) => `${path}: ${v}`));
        if (await hasHorizontalScroll(page)) problems.push(`${path}: scrolls sideways at ${width} px`);
      }
      // The editor's pages, signed in: the empty form, and the form with errors.
      await page.goto(`${server.url}/editor`);
      await page.getByLabel('Editor token').fill(token);
      await page.getByRole('button', { name: 'Sign in' }).click();
      problems.push(...(await seriousViolations(page)).map((v) => `/editor (form): ${v}`));
      await page.getByRole('button', { name: 'Preview the statement' }).click();
      expect(await page.locator('.field-error').count()).toBeGreaterThan(0);
      problems.push(...(await seriousViolations(page)).map((v) => `/editor (errors): ${v}`));
      if (await hasHorizontalScroll(page)) problems.push(`/editor: scrolls sideways at ${width} px`);
      await context.close();
      expect(problems).toEqual([]);
    }, 300_000);
  }

  it('lets a keyboard user skip to the content', async () => {
    const page = await browser.newPage();
    await page.goto(server.url);
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe('Skip to content');
    await page.keyboard.press('Enter');
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('main');
    await page.close();
  });
});
