/**
 * The visual timeline in a real browser, on the whole archive (the seed and the reports: dense in
 * January 2022 and on 5 January 2023), at a desktop and a phone width: no sideways scroll, every
 * event's label readable without hover, crowded days opened from the keyboard, the date range
 * filter, and axe.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AxeBuilder } from '@axe-core/playwright';
import { launchChromium } from './helpers/browser.js';
import { startServer, type RunningServer } from './helpers/server.js';

const screenshots = path.resolve(import.meta.dirname, '../../docs/screenshots');

let server: RunningServer;
let browser: Browser;
beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchChromium()]);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Each label's box and font size, for the labels a reader can see now (outside closed groups). */
function labelBoxes(page: Page) {
  return page.locator('.tl a.tl-event, .tl summary, .tl .tl-date').evaluateAll((elements) =>
    elements
      .filter((e) => !e.closest('details:not([open])') || e.tagName === 'SUMMARY')
      .map((e) => {
        const box = e.getBoundingClientRect();
        const style = getComputedStyle(e);
        return {
          text: e.textContent?.trim() ?? '',
          left: box.left,
          right: box.right,
          width: box.width,
          height: box.height,
          fontSize: parseFloat(style.fontSize),
          hidden: style.visibility !== 'visible' || style.display === 'none' || Number(style.opacity) === 0,
          innerWidth: window.innerWidth,
        };
      }),
  );
}

function expectReadable(boxes: Awaited<ReturnType<typeof labelBoxes>>) {
  for (const b of boxes) {
    expect(b.text, 'a label has text').not.toBe('');
    expect(b.hidden, b.text).toBe(false);
    expect(b.width * b.height, b.text).toBeGreaterThan(0);
    expect(b.left, b.text).toBeGreaterThanOrEqual(0);
    expect(b.right, b.text).toBeLessThanOrEqual(b.innerWidth);
    expect(b.fontSize, b.text).toBeGreaterThanOrEqual(12);
  }
}

/**
 * axe over the timeline's own parts (the filters and the visual timeline, groups open), with the
 * rules of helpers/axe.ts: the whole page with every summary of the full archive took axe half a
 * minute, and tests/e2e/accessibility.e2e.spec.ts checks the whole page already.
 */
async function timelineViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .include('.filters')
    .include('.tl-figure')
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
    .analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

const sideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);

describe.each([
  { width: 1280, height: 1100 },
  { width: 375, height: 1400 },
])('the visual timeline at $width px', ({ width, height }) => {
  it('does not scroll sideways, and every event is labelled in readable text without hover, groups opened', async () => {
    const context = await browser.newContext({ viewport: { width, height } });
    const page = await context.newPage();
    await page.goto(server.url);
    expect(await sideways(page)).toBe(false);
    const events = await page.locator('.tl a.tl-event').count();
    const statements = Number(/(\d+) statements/.exec((await page.locator('.lede').textContent()) ?? '')?.[1]);
    // The latest page holds the archive's latest hundred statements (or all of them): each has its label.
    expect(events).toBe(Math.min(statements, 100));
    expect(events).toBeGreaterThan(50);

    const closed = await labelBoxes(page);
    expectReadable(closed);
    // Every label outside a group is visible as it stands; a group shows its count and opens.
    const groups = page.locator('.tl details.tl-group');
    expect(await groups.count()).toBeGreaterThan(0);
    expect(closed.filter((b) => /^\d+ statements/.test(b.text)).length).toBe(await groups.count());

    await page.screenshot({ path: path.join(screenshots, `timeline-${width}.png`) });
    // The same page in Kazakh, for the README: its labels fit the same way.
    await page.goto(`${server.url}/?lang=kk`);
    expect(await sideways(page)).toBe(false);
    expectReadable(await labelBoxes(page));
    await page.screenshot({ path: path.join(screenshots, `timeline-kk-${width}.png`) });
    await page.goto(server.url + '/?lang=en');

    for (const summary of await page.locator('.tl details.tl-group > summary').all()) await summary.click();
    const shown = await page.locator('.tl a.tl-event').evaluateAll((all) => all.filter((e) => e.getBoundingClientRect().height > 0).length);
    expect(shown).toBe(events);
    expectReadable(await labelBoxes(page));
    expect(await sideways(page)).toBe(false);
    expect(await timelineViolations(page)).toEqual([]);
    await context.close();
  });
});

describe('the visual timeline from the keyboard', () => {
  it('opens a same-day group with Enter and Space, lists its statements, and reaches every event by Tab with a visible focus', async () => {
    const page = await browser.newPage({ viewport: { width: 375, height: 900 } });
    await page.goto(server.url);
    const group = page.locator('.tl li.tl-day', { has: page.locator('time[datetime="2023-01-05"]') }).locator('details');
    const summary = group.locator('summary');
    // Tab from the link just before the group lands on the group's summary.
    await summary.evaluate((s) => {
      const focusable = [...document.querySelectorAll<HTMLElement>('.tl a.tl-event, .tl summary')];
      focusable[focusable.indexOf(s as HTMLElement) - 1]!.focus();
    });
    await page.keyboard.press('Tab');
    expect(await summary.evaluate((e) => e === document.activeElement)).toBe(true);
    expect(await summary.evaluate((e) => getComputedStyle(e).outlineStyle)).not.toBe('none');
    expect(await group.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);

    await page.keyboard.press('Enter');
    expect(await group.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(true);
    const listed = group.locator('a.tl-event');
    expect(await listed.count()).toBeGreaterThanOrEqual(9);
    for (const link of await listed.all()) expect(await link.isVisible()).toBe(true);
    await page.keyboard.press('Tab');
    expect(await listed.first().evaluate((e) => e === document.activeElement)).toBe(true);
    expect(await listed.first().evaluate((e) => getComputedStyle(e).outlineStyle)).not.toBe('none');

    await summary.focus();
    await page.keyboard.press('Space');
    expect(await group.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
    await page.keyboard.press('Space');
    expect(await group.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(true);

    // Open every group by keyboard, then Tab through the whole timeline: each event once, in order.
    const closedGroup = page.locator('.tl details:not([open]) > summary').first();
    while ((await closedGroup.count()) > 0) {
      await closedGroup.focus();
      await page.keyboard.press('Enter');
    }
    const expected = await page.locator('.tl a.tl-event').evaluateAll((all) => all.map((a) => a.getAttribute('href')));
    await page.locator('.tl a.tl-event, .tl summary').first().focus();
    const reached: string[] = [];
    for (let i = 0; i < expected.length * 2 + 10; i++) {
      const href = await page.evaluate(() => {
        const e = document.activeElement;
        return e?.closest('.tl') ? (e.matches('a.tl-event') ? e.getAttribute('href') : '') : null;
      });
      if (href === null) break;
      if (href) reached.push(href);
      await page.keyboard.press('Tab');
    }
    expect(reached).toEqual(expected);
    await page.close();
  });
});

describe('the date range filter', () => {
  it('shows only the statements between the two days picked, in the form and in the links', async () => {
    const page = await browser.newPage({ viewport: { width: 375, height: 900 } });
    await page.goto(server.url);
    await page.getByLabel('From', { exact: true }).fill('2022-10-01');
    await page.getByLabel('To', { exact: true }).fill('2022-11-30');
    await page.getByRole('button', { name: 'Show', exact: true }).click();
    const url = new URL(page.url());
    expect(url.searchParams.get('from')).toBe('2022-10-01');
    expect(url.searchParams.get('until')).toBe('2022-11-30');
    const days = await page.locator('.entry time').evaluateAll((all) => all.map((t) => t.getAttribute('datetime')!));
    expect(days.length).toBeGreaterThan(3);
    for (const day of days) expect(day >= '2022-10-01' && day <= '2022-11-30', day).toBe(true);
    expect(await page.locator('.tl a.tl-event').count()).toBe(days.length);
    expect(await page.getByLabel('From', { exact: true }).inputValue()).toBe('2022-10-01');
    await expect(page.getByRole('link', { name: 'Statements (CSV)' }).getAttribute('href')).resolves.toContain('from=2022-10-01');
    expect(await sideways(page)).toBe(false);
    await page.close();
  });
});

fs.mkdirSync(screenshots, { recursive: true });
