import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactPath, readmeScreenshot } from './helpers/artifacts.js';
import { hasHorizontalScroll } from './helpers/axe.js';
import { launchChromium } from './helpers/browser.js';
import { seedDirectory } from '../../events/seed.js';
import { startServer, type RunningServer } from './helpers/server.js';

let server: RunningServer;
let browser: Browser;
beforeAll(async () => {
  // The seed alone, whose facts these steps read; tests/int/record-over-time.int.spec.ts reads the whole archive.
  [server, browser] = await Promise.all([startServer({ QANTAR_IMPORT: seedDirectory }), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('reading the archive in a browser', () => {
  it('opens the timeline: the visual timeline and the statements by month', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(server.url);
    await expect(page.title()).resolves.toBe('Timeline · Qantar');
    expect(await page.locator('.tl a.tl-event').count()).toBeGreaterThan(10);
    // The law's three steps, each labelled on the timeline in the law's colour.
    expect(await page.locator('.tl a.tl-event-law').allTextContents()).toEqual([
      'Tokayev proposes a one-time amnesty',
      'Parliament approves the amnesty law',
      'Tokayev signs the amnesty law',
    ]);
    await expect(page.getByRole('heading', { level: 3, name: 'October 2022' }).isVisible()).resolves.toBe(true);
    await page.getByRole('link', { name: 'Parliament approves the amnesty law' }).first().click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Parliament approves the amnesty law');
    await page.screenshot({ path: artifactPath('timeline.png'), fullPage: true });
    await page.goto(server.url);
    await page.screenshot({ path: readmeScreenshot });
    await page.close();
  });

  it('filters the timeline with the form, without JavaScript', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(server.url);
    await page.getByLabel('Topic').selectOption('amnesty-law');
    await page.getByRole('button', { name: 'Show' }).click();
    expect(page.url()).toContain('topic=amnesty-law');
    expect(await page.locator('.entry').count()).toBe(3);
    await context.close();
  });

  it('picks a date and sees the figures as of that date, with their sources', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${server.url}/figures`);
    await page.getByLabel('Figures as of').fill('2022-11-01');
    await page.getByRole('button', { name: 'Show figures' }).click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Official figures as of 1 November 2022');
    const row = page.getByRole('row', { name: /People the amnesty covers/ });
    await expect(row.textContent()).resolves.toContain('over 1,000');
    await expect(row.getByRole('link', { name: 'Parliament approves the amnesty law' }).count()).resolves.toBe(1);

    await page.goto(`${server.url}/figures?date=2023-01-05`);
    await expect(page.getByRole('row', { name: /Persons convicted/ }).first().textContent()).resolves.toContain('1,205');
    await page.screenshot({ path: artifactPath('figures-2023-01-05.png'), fullPage: true });

    await page.goto(`${server.url}/figures?date=2021-01-01`);
    await expect(page.getByRole('status').textContent()).resolves.toContain('No official figure refers to 1 January 2021');
    await page.close();
  });

  it('shows a metric history chart and saves it', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${server.url}/metrics/amnesty-covered`);
    expect(await page.locator('svg.metric-chart circle.point-qualified').count()).toBeGreaterThanOrEqual(2);
    await page.screenshot({ path: artifactPath('metric-amnesty-covered.png'), fullPage: true });
    await page.goto(`${server.url}/metrics/business-damage-kzt`);
    await page.screenshot({ path: artifactPath('metric-business-damage-kzt.png'), fullPage: true });
    await page.close();
  });

  it('fits a 375 px phone screen without sideways scrolling', async () => {
    const page = await browser.newPage({ viewport: { width: 375, height: 812 }, isMobile: true });
    for (const path of ['/', '/figures?date=2023-01-05', '/statements/hearing-2023-01-05-law-enforcement', '/metrics/persons-criminally-liable', '/metrics', '/about', '/editor']) {
      await page.goto(`${server.url}${path}`);
      expect(await hasHorizontalScroll(page), path).toBe(false);
    }
    await page.goto(`${server.url}/figures?date=2023-01-05`);
    await page.screenshot({ path: artifactPath('figures-phone.png'), fullPage: false });
    await page.goto(server.url);
    await page.screenshot({ path: artifactPath('timeline-phone.png'), fullPage: false });
    await page.close();
  });
});
