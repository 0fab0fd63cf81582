import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactPath, docsScreenshot } from './helpers/artifacts.js';
import { hasHorizontalScroll, seriousViolations } from './helpers/axe.js';
import { launchChromium } from './helpers/browser.js';
import { startServer, type RunningServer } from './helpers/server.js';

let server: RunningServer;
let browser: Browser;
beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** The chart a reader sees at this width (the page carries a wide and a narrow drawing, and CSS shows one). */
const visibleChart = (page: Page, figure = '#chart') => page.locator(`${figure} svg.metric-chart:visible`);

/** The rendered size, in CSS px, of the chart's smallest text: its font-size scaled as the viewBox is. */
function smallestChartText(page: Page, figure = '#chart'): Promise<number> {
  return page.locator(`${figure} svg.metric-chart:visible`).evaluate((svg: SVGSVGElement) => {
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    const sizes = [...svg.querySelectorAll('text')].map((t) => Number(t.getAttribute('font-size') ?? svg.getAttribute('font-size')));
    return Math.min(...sizes) * scale;
  });
}

describe('figures and metric pages at 1280 and 375 px', () => {
  for (const width of [1280, 375]) {
    it(`fit the screen with no sideways scroll, charts carry value labels and a source line, axe finds nothing serious (${width} px)`, async () => {
      const context = await browser.newContext({ viewport: { width, height: 900 } });
      const page = await context.newPage();
      const problems: string[] = [];
      // Each page names its language: a ?lang= is remembered in a cookie for the pages after it.
      const paths = ['/figures?date=2023-01-05&lang=ru', '/metrics?lang=kk', '/metrics/deaths?lang=ru', '/metrics/amnesty-covered?lang=en', '/metrics/business-damage-kzt?lang=en', '/figures?date=2023-01-05&lang=en', '/metrics/deaths?lang=en'];
      // axe over the page with every kind of chart (related metrics, regions, embed code); accessibility.e2e.spec.ts
      // runs it over /figures and two other metric pages. It takes tens of seconds a page on a shared machine.
      const checkedByAxe = new Set(['/metrics/deaths?lang=en']);
      for (const path of paths) {
        await page.goto(`${server.url}${path}`);
        if (await hasHorizontalScroll(page)) problems.push(`${path}: scrolls sideways at ${width} px`);
        if (checkedByAxe.has(path)) problems.push(...(await seriousViolations(page)).map((v) => `${path}: ${v}`));
        if (!path.startsWith('/metrics/')) continue;
        const chart = visibleChart(page);
        expect(await chart.count(), path).toBe(1);
        const labels = chart.locator('text.value-label');
        expect(await labels.count(), path).toBeGreaterThan(0);
        expect(await labels.first().isVisible(), path).toBe(true);
        expect((await labels.first().textContent())?.trim(), path).toMatch(/\d/);
        expect(await page.locator('#chart .chart-source').isVisible(), path).toBe(true);
        expect(await smallestChartText(page), `${path}: chart text`).toBeGreaterThanOrEqual(12);
      }
      // Regions as small multiples, and the toll beside its related metrics on one chart.
      expect(await page.locator('.small-multiples svg.metric-chart').count()).toBeGreaterThan(1);
      expect(await page.locator('#compare svg.metric-chart:visible g.chart-series').count()).toBeGreaterThan(1);
      await page.screenshot({ path: artifactPath(`metric-deaths-${width}.png`), fullPage: true });
      if (width === 1280) await page.locator('#chart').screenshot({ path: docsScreenshot('metric-chart-1280.png') });
      else await page.locator('#chart').screenshot({ path: artifactPath('metric-chart-375.png') });
      await context.close();
      expect(problems).toEqual([]);
    }, 300_000);
  }

  it('a Russian page labels the chart in Russian', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${server.url}/metrics/deaths?lang=ru`);
    await expect(visibleChart(page).locator('text.axis-unit').textContent()).resolves.toBe('Человек');
    await expect(page.locator('#chart .chart-source').textContent()).resolves.toMatch(/^Источник:/);
    await page.close();
  });
});

describe('the figures page', () => {
  it('opens on headline cards, with jump links by topic', async () => {
    const page = await browser.newPage({ viewport: { width: 375, height: 800 } });
    await page.goto(`${server.url}/figures?date=2023-01-05&lang=en`);
    const cards = page.locator('.headline-card');
    expect(await cards.count()).toBeGreaterThanOrEqual(5);
    const killed = page.locator('.headline-card[data-metric="deaths"]');
    await expect(killed.locator('h3').textContent()).resolves.toBe('People killed');
    await expect(killed.locator('.headline-value').textContent()).resolves.toMatch(/\d/);
    // The first card is within the first screen on a phone.
    const box = await cards.first().boundingBox();
    expect(box!.y).toBeLessThan(800 * 1.5);
    await page.getByRole('navigation', { name: 'Topics in the table' }).getByRole('link').first().click();
    expect(page.url()).toMatch(/#topic-/);
    await page.close();
  });

  it('filters live as the reader types', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/figures?date=2023-01-05&lang=en`);
    const rows = page.locator('tr[data-search]');
    const all = await rows.count();
    await page.getByLabel('Words in a metric’s name or wording').fill('killed');
    const shown = page.locator('tr[data-search]:visible');
    await expect.poll(() => shown.count()).toBeLessThan(all);
    expect(await shown.count()).toBeGreaterThan(0);
    // A row matches by its metric's name or its wording.
    for (const text of await shown.allTextContents()) expect(text.toLowerCase()).toContain('killed');
    await page.getByLabel('Words in a metric’s name or wording').fill('zzzz-nothing');
    await expect.poll(() => page.locator('#figures-no-match').isVisible()).toBe(true);
    await page.close();
  });

  it('filters without script, as a GET form', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${server.url}/figures?date=2023-01-05`);
    await page.getByLabel('Words in a metric’s name or wording').fill('convicted');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(/q=convicted/);
    const rows = await page.locator('tr[data-search]').allTextContents();
    expect(rows.length).toBeGreaterThan(0);
    for (const text of rows) expect(text.toLowerCase()).toContain('convicted');
    await context.close();
  });
});

describe('embeds', () => {
  it('an embed renders in an iframe on another origin, while the main pages refuse framing', async () => {
    // Another site: a page on another port (so another origin) framing the archive twice.
    const host = http.createServer((_req, res) => {
      res.setHeader('Content-Type', 'text/html; charset=utf-8');
      res.end(`<!doctype html><title>A newsroom</title>
        <iframe name="embed" src="${server.url}/embed/metrics/deaths" width="720" height="560"></iframe>
        <iframe name="main" src="${server.url}/" width="720" height="560"></iframe>
        <iframe name="timeline" src="${server.url}/embed/timeline?topic=amnesty-law" width="720" height="560"></iframe>`);
    });
    await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
    const hostUrl = `http://127.0.0.1:${(host.address() as AddressInfo).port}/`;
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 1800 } });
      const refused: string[] = [];
      page.on('console', (m) => {
        if (/frame-ancestors|Refused to frame|refused to connect/i.test(m.text())) refused.push(m.text());
      });
      await page.goto(hostUrl, { waitUntil: 'load' });
      const embed = page.frame({ name: 'embed' })!;
      await embed.waitForSelector('svg.metric-chart text.value-label');
      expect(await embed.locator('svg.metric-chart:visible text.value-label').count()).toBeGreaterThan(0);
      expect(await embed.locator('.chart-source').isVisible()).toBe(true);
      expect(await embed.locator('.embed-cite a').getAttribute('href')).toMatch(/\/embed\/metrics\/deaths\?at=\d+/);
      const timeline = page.frame({ name: 'timeline' })!;
      // The timeline's own labelled days, each event a link with its title.
      await timeline.waitForSelector('.tl-figure a.tl-event');
      expect(await timeline.locator('.tl-figure a.tl-event').first().isVisible()).toBe(true);
      // The archive's own page stays blank inside the frame: Chromium shows its error page instead.
      const main = page.frame({ name: 'main' })!;
      await expect.poll(() => main.url()).toMatch(/^chrome-error:/);
      expect(await main.locator('.site-header').count()).toBe(0);
      expect(refused.join('\n')).toMatch(/frame-ancestors|Refused to frame/);
      await page.screenshot({ path: artifactPath('embed-on-another-origin.png') });
      await page.close();
    } finally {
      await new Promise((resolve) => host.close(resolve));
    }
  }, 120_000);
});
