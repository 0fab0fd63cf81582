import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactPath } from './helpers/artifacts.js';
import { hasHorizontalScroll, seriousViolations } from './helpers/axe.js';
import { launchChromium } from './helpers/browser.js';
import { seedDirectory } from '../../events/seed.js';
import { startServer, type RunningServer } from './helpers/server.js';

/** Issue 5 in the browser: consistency checks, comparing dates, the log's history, citing a page. */
const token = 'e2e-checks-token-5c1e';
let server: RunningServer;
let browser: Browser;
beforeAll(async () => {
  [server, browser] = await Promise.all([startServer({ QANTAR_IMPORT: seedDirectory, QANTAR_PUBLIC_URL: 'https://qantar.example', QANTAR_EDITOR_TOKENS: `editor:${token}` }), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('checks, comparisons and history in a browser', () => {
  it('shows the seed’s contradiction: injured + killed = 5,393, more than the 5,387 victims', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${server.url}/checks?date=2023-01-05`);
    const finding = page.locator('article.finding', { has: page.getByRole('heading', { name: 'Injured + People killed exceed Victims of the January events' }) });
    await expect(finding.isVisible()).resolves.toBe(true);
    const text = (await finding.textContent()) ?? '';
    expect(text).toContain('5,393');
    expect(text).toContain('5,387');
    expect(text).toContain('6 more than the whole');
    await page.screenshot({ path: artifactPath('checks.png'), fullPage: true });
    await page.close();
  });

  it('goes from a marked row on /figures to its finding on /checks', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${server.url}/figures?date=2023-01-05`);
    await page.getByRole('row', { name: /^Victims of the January events/ }).getByRole('link', { name: /exceed Victims/ }).click();
    expect(new URL(page.url()).hash).toBe('#holding-injured-and-killed-among-victims');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Consistency checks as of 5 January 2023');
    await page.close();
  });

  it('compares 28 October 2022 with 5 January 2023 and lists the metrics that changed', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${server.url}/compare`);
    await page.getByLabel('From').fill('2022-10-28');
    await page.getByLabel('To').fill('2023-01-05');
    await page.getByRole('button', { name: 'Compare' }).click();
    expect(page.url()).toContain('from=2022-10-28&to=2023-01-05');
    await expect(page.getByRole('status').textContent()).resolves.toMatch(/\d+ metrics changed, appeared or dropped out/);
    const convicted = page.getByRole('row', { name: /Persons convicted/ });
    await expect(convicted.textContent()).resolves.toContain('1,205');
    expect(await page.locator('tbody tr').count()).toBeGreaterThan(10);
    await page.screenshot({ path: artifactPath('compare.png'), fullPage: true });
    await page.close();
  });

  it('lists the log on /history, newest first, and pages back', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${server.url}/history`);
    const positions = await page.locator('tbody th[scope="row"]').allTextContents();
    expect(positions.length).toBe(50);
    expect(Number(positions[0])).toBeGreaterThan(Number(positions[1]));
    await page.getByRole('link', { name: 'Older events' }).click();
    expect(Number(await page.locator('tbody th[scope="row"]').first().textContent())).toBe(Number(positions[49]) - 1);
    await page.close();
  });

  it('cites a page: permalink at its position, plain text and BibTeX behind disclosures', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${server.url}/checks?date=2023-01-05`);
    const cite = page.getByRole('region', { name: 'Cite this page' });
    const permalink = (await cite.locator('a.cite-url').textContent()) ?? '';
    expect(permalink).toMatch(/^https:\/\/qantar\.example\/checks\?date=2023-01-05&at=\d+&lang=en$/);
    await cite.getByText('BibTeX').click();
    await expect(cite.locator('pre').last().textContent()).resolves.toMatch(/^@misc\{qantar-checks-\d+,/);
    await page.close();
  });

  it('shows a correction (old → new) and a retraction on the statement page and the timeline', async () => {
    const api = (path: string, body: object, ifMatch: string) =>
      fetch(`${server.url}${path}`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'If-Match': ifMatch }, body: JSON.stringify(body) });
    const id = 'hearing-2023-01-05-asylov';
    const current = await fetch(`${server.url}/api/statements/${id}`);
    const { figures } = (await current.json()) as { figures: { metric: string; value: number; wording: string }[] };
    const fixed = figures.map((f) => (f.metric === 'persons-convicted' ? { ...f, value: 1210, wording: 'of which 1,210 citizens were convicted', bounds: undefined } : f));
    expect((await api(`/api/statements/${id}/corrections`, { reason: 'The transcript says 1,210.', changes: { figures: fixed } }, current.headers.get('etag')!)).status).toBe(200);
    expect((await api('/api/statements/tokayev-signs-amnesty-law-2022-11-02/retractions', { reason: 'Entered in error (test)' }, '"0"')).status).toBe(200);

    // axe-core/playwright needs a page from an explicit context.
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/statements/${id}`);
    const change = page.locator('.changes li').first();
    await expect(change.textContent()).resolves.toMatch(/Persons convicted.*1,205.*→.*1,210/s);
    await page.locator('ol.history').screenshot({ path: artifactPath('statement-history.png') });
    expect(await seriousViolations(page)).toEqual([]);
    await page.goto(server.url);
    const retracted = page.locator('li.entry-retracted');
    await expect(retracted.locator('.marker').textContent()).resolves.toMatch(/^Retracted on \d{1,2} \w+ \d{4}: “Entered in error \(test\)”/);
    await expect(page.locator('li.entry', { hasText: 'Corrected on' }).locator('.entry-title').textContent()).resolves.toContain('attempted coup');
    expect(await seriousViolations(page)).toEqual([]);
    await context.close();
  });

  it('has no serious or critical axe violations, and fits a phone', async () => {
    const problems: string[] = [];
    for (const width of [1280, 375]) {
      const context = await browser.newContext({ viewport: { width, height: 900 } });
      const page = await context.newPage();
      for (const path of ['/checks?date=2023-01-05', '/compare?from=2022-10-28&to=2023-01-05', '/compare', '/history', '/history?at=20']) {
        await page.goto(`${server.url}${path}`);
        problems.push(...(await seriousViolations(page)).map((v) => `${path} at ${width}px: ${v}`));
        if (await hasHorizontalScroll(page)) problems.push(`${path}: scrolls sideways at ${width} px`);
        if (width === 375 && path.startsWith('/checks')) await page.screenshot({ path: artifactPath('checks-phone.png'), fullPage: true });
        if (width === 375 && path.startsWith('/compare?')) await page.screenshot({ path: artifactPath('compare-phone.png'), fullPage: true });
      }
      await context.close();
    }
    expect(problems).toEqual([]);
  }, 120_000);
});
