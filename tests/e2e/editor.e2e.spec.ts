import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactPath } from './helpers/artifacts.js';
import { launchChromium } from './helpers/browser.js';
import { startServer, type RunningServer } from './helpers/server.js';

const token = 'e2e-editor-token-51c9';
let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer({ QANTAR_EDITOR_TOKENS: `editor:${token}` }), launchChromium()]);
  // The whole editor flow runs without JavaScript: the form must not need it.
  context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function fillStatement(title: string) {
  await page.getByLabel('Date published').fill('2023-06-01');
  await page.getByLabel('Kind').selectOption('announcement');
  await page.getByLabel('Title', { exact: true }).fill(title);
  await page.getByLabel('Summary').fill('The Supreme Court reported how many persons had been tried and convicted.');
  await page.getByLabel('Speaker’s name (optional)').fill('Aslambek Mergaliyev');
  await page.getByLabel('Body or institution').fill('Supreme Court of Kazakhstan');
  await page.getByLabel('Source title').fill('Supreme Court press release');
  await page.getByLabel('Source URL (optional)').fill('https://example.org/supreme-court/2023-06-01');
  await page.locator('#field-figure-0-metric').selectOption('persons-convicted');
  await page.locator('#field-figure-0-value').fill('1,250');
  await page.locator('#field-figure-0-wording').fill('1,250 persons have been convicted');
  await page.locator('#field-figure-1-metric').selectOption('persons-tried');
  await page.locator('#field-figure-1-value').fill('1300');
  await page.locator('#field-figure-1-qualifier').selectOption('over');
  await page.locator('#field-figure-1-wording').fill('over 1,300 persons were tried');
}

describe('appending a statement as an editor', () => {
  it('signs in with the editor token', async () => {
    await page.goto(`${server.url}/editor`);
    await page.getByLabel('Editor token').fill('wrong-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.locator('#token-error').textContent()).resolves.toContain('not valid');
    await page.getByLabel('Editor token').fill(token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Append a statement');
  });

  it('adds figure rows and shows errors next to their fields, keeping the input', async () => {
    await fillStatement('');
    await page.getByRole('button', { name: 'More figure rows' }).click();
    await expect(page.locator('#field-figure-9-metric').count()).resolves.toBe(1);
    await expect(page.locator('#field-figure-0-value').inputValue()).resolves.toBe('1,250');
    await page.getByRole('button', { name: 'Append the statement' }).click();
    await expect(page.locator('#field-title-error').textContent()).resolves.toMatch(/Error:/);
    await expect(page.getByRole('alert').textContent()).resolves.toContain('Title');
    await expect(page.getByLabel('Summary').inputValue()).resolves.toContain('Supreme Court reported');
    await page.screenshot({ path: artifactPath('editor-errors.png'), fullPage: true });
  });

  it('appends a statement with two figures, then sees it on the timeline and in the figures table', async () => {
    const title = 'Supreme Court: 1,250 convicted';
    await page.getByLabel('Title', { exact: true }).fill(title);
    await page.getByRole('button', { name: 'Append the statement' }).click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(title);
    expect(new URL(page.url()).pathname).toBe('/statements/supreme-court-1-250-convicted-2023-06-01');
    await expect(page.getByRole('row', { name: /Persons convicted/ }).textContent()).resolves.toContain('1,250');
    await expect(page.getByRole('link', { name: 'Supreme Court press release' }).getAttribute('href')).resolves.toBe('https://example.org/supreme-court/2023-06-01');

    await page.goto(server.url);
    await expect(page.getByRole('heading', { level: 3, name: 'June 2023' }).count()).resolves.toBe(1);
    // Once in the list of statements, once labelled on the visual timeline.
    await expect(page.locator('.entries').getByRole('link', { name: title }).count()).resolves.toBe(1);
    await expect(page.locator(`.tl a.tl-event[href="/statements/supreme-court-1-250-convicted-2023-06-01"]`).count()).resolves.toBe(1);

    await page.goto(`${server.url}/figures?date=2023-06-01`);
    // The row of the metric itself: other metrics' labels begin with the same words ("Persons convicted in police cases").
    const convicted = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'Persons convicted', exact: true }) });
    await expect(convicted.textContent()).resolves.toContain('1,250');
    await expect(convicted.textContent()).resolves.toContain('up 45 from 1,205');
    await expect(page.getByRole('row', { name: /Persons whose cases courts considered/ }).textContent()).resolves.toContain('over 1,300');
    await page.screenshot({ path: artifactPath('figures-after-edit.png'), fullPage: true });
  });
});
