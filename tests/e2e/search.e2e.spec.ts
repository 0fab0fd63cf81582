import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactPath } from './helpers/artifacts.js';
import { hasHorizontalScroll, seriousViolations } from './helpers/axe.js';
import { launchChromium } from './helpers/browser.js';
import { startServer, type RunningServer } from './helpers/server.js';

// The real server imports the whole archive on start: the seed, the reports and the translations.
let server: RunningServer;
let browser: Browser;
beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Types words into the header's search box, as a reader does, and waits for the results. */
async function searchFromHeader(page: Page, words: string) {
  const box = page.getByRole('search', { name: 'Search the archive' }).first().getByRole('searchbox');
  await box.fill(words);
  await Promise.all([page.waitForURL(/\/search\?/), box.press('Enter')]);
}

describe('searching the archive in a browser', () => {
  for (const width of [1280, 375]) {
    it(`finds the amnesty proposal by a word of its Russian translation and of its English text, at ${width} px`, async () => {
      const context = await browser.newContext({ viewport: { width, height: 900 } });
      const page = await context.newPage();
      const problems: string[] = [];
      const check = async (what: string) => {
        problems.push(...(await seriousViolations(page)).map((v) => `${what}: ${v}`));
        if (await hasHorizontalScroll(page)) problems.push(`${what}: scrolls sideways at ${width} px`);
      };

      await page.goto(`${server.url}/figures?date=2023-01-05`);
      await searchFromHeader(page, 'единовременную');
      const proposal = page.getByRole('link', { name: 'Токаев предлагает единовременную амнистию' });
      await expect(proposal.isVisible()).resolves.toBe(true);
      // The word is marked where it matched, and the count says how many results there are.
      await expect(page.locator('.search-hit mark', { hasText: 'единовременную' }).first().isVisible()).resolves.toBe(true);
      await expect(page.getByRole('status').textContent()).resolves.toMatch(/\d+ results?/);
      await check('/search (Russian)');
      await page.screenshot({ path: artifactPath(`search-${width}.png`), fullPage: true });
      await Promise.all([page.waitForURL(/\/statements\/tokayev-address-2022-09-01$/), proposal.click()]);

      await searchFromHeader(page, 'proposes');
      const english = page.getByRole('link', { name: 'Tokayev proposes a one-time amnesty' });
      await expect(english.isVisible()).resolves.toBe(true);
      await check('/search (English)');

      // The filters: statements only, in Kazakh, by a prefix.
      await page.getByLabel('Words to look for').fill('рақымшылық*');
      await page.getByLabel('Kind of result').selectOption('statement');
      await page.getByLabel('Language of the text').selectOption('kk');
      await Promise.all([page.waitForURL(/kind=statement.*in=kk|in=kk.*kind=statement/), page.getByRole('button', { name: 'Search', exact: true }).last().click()]);
      const kinds = await page.locator('.search-kind').allTextContents();
      expect(kinds.length).toBeGreaterThan(0);
      expect(new Set(kinds)).toEqual(new Set(['Statement']));
      await expect(page.getByRole('link', { name: 'Тоқаев бір реттік рақымшылық жасауды ұсынды' }).isVisible()).resolves.toBe(true);
      await check('/search (Kazakh, filtered)');

      // A query with no letter is refused beside its field.
      await page.goto(`${server.url}/search?q=${encodeURIComponent('***')}`);
      await expect(page.locator('#search-q-error').textContent()).resolves.toContain('must contain a letter or a digit');
      await check('/search (refused)');
      await context.close();
      expect(problems).toEqual([]);
    }, 120_000);
  }
});
