import { createRequire } from 'node:module';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './helpers/browser.js';
import { startServer, type RunningServer } from './helpers/server.js';

const token = 'e2e-timelinejs-token-91d2';
let server: RunningServer;
let browser: Browser;

/** TimelineJS itself, as a page embedding the export would load it (the npm build of the CDN's file). */
const timelineDist = path.join(path.dirname(createRequire(import.meta.url).resolve('@knight-lab/timelinejs/package.json')), 'dist');

/**
 * Markup in each form it can take in stored text: as written, and already entity-encoded (which
 * TimelineJS decodes once when it takes a plain-text field's text content, then writes as HTML).
 * Each handler records the field it went into; the <b> marks an injected element without a handler.
 */
const hostile = (field: string) =>
  `${field} <img src=x onerror="__xss.push('${field}')"> &lt;img src=x onerror="__xss.push('${field} (entities)')"&gt; <b class="injected">b</b> & co`;

const statement = {
  id: 'timelinejs-hostile',
  publishedOn: '2023-03-01',
  speaker: { name: hostile('speaker name'), role: hostile('speaker role'), body: hostile('speaker body') },
  kind: 'announcement',
  title: hostile('title'),
  summary: hostile('summary'),
  quote: hostile('quote'),
  figures: [{ metric: 'persons-convicted', value: 1300, unit: 'persons', wording: hostile('wording') }],
  topics: ['convictions'],
  sources: [{ title: hostile('source title'), url: 'https://example.org/release', date: '2023-03-01' }],
};

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer({ QANTAR_EDITOR_TOKENS: `editor:${token}` }), launchChromium()]);
  const published = await fetch(`${server.url}/api/statements`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(statement),
  });
  expect(published.status, await published.clone().text()).toBe(201);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

type Rendered = {
  fired: string[];
  injected: string[];
  groups: string[];
  slide?: { headline: string; date: string; text: string };
};

/** Loads `data` into TimelineJS in a blank page, offline, and reads back what it rendered. */
async function renderInTimelineJs(page: Page, data: unknown): Promise<Rendered> {
  // Offline: TimelineJS may ask for fonts or languages; nothing leaves the machine.
  await page.route('**/*', (route) => route.abort());
  await page.setViewportSize({ width: 1200, height: 800 });
  await page.setContent('<!doctype html><html><head><meta charset="utf-8"></head><body><div id="timeline"></div></body></html>');
  await page.addStyleTag({ path: path.join(timelineDist, 'css', 'timeline.css') });
  await page.addStyleTag({ content: '#timeline { width: 1100px; height: 700px; }' });
  await page.addScriptTag({ path: path.join(timelineDist, 'js', 'timeline.js') });
  await page.evaluate((json) => {
    (window as unknown as { __xss: string[] }).__xss = [];
    const TL = (window as unknown as { TL: { Timeline: new (id: string, data: unknown, options?: unknown) => unknown } }).TL;
    new TL.Timeline('timeline', json, { language: 'en' });
  }, data);
  await page.waitForSelector('.tl-timegroup-message', { state: 'attached' });
  // Image errors fire asynchronously: give any injected handler the time to run.
  await page.waitForTimeout(300);
  return page.evaluate((id) => {
    const injected: string[] = [];
    for (const el of Array.from(document.querySelectorAll('#timeline *'))) {
      for (const attr of Array.from(el.attributes)) if (/^on/i.test(attr.name)) injected.push(`${el.tagName} ${attr.name}`);
      if (el.tagName === 'IMG' && el.getAttribute('src') === 'x') injected.push('IMG src=x');
      if (el.classList.contains('injected')) injected.push(`${el.tagName}.injected`);
    }
    const slide = document.getElementById(id);
    const text = (selector: string) => slide?.querySelector(selector)?.textContent?.trim() ?? '';
    return {
      fired: (window as unknown as { __xss: string[] }).__xss,
      injected,
      groups: Array.from(document.querySelectorAll('.tl-timegroup-message')).map((g) => g.textContent ?? ''),
      slide: slide ? { headline: text('.tl-headline'), date: text('.tl-headline-date'), text: text('.tl-text-content') } : undefined,
    };
  }, statement.id);
}

describe('the TimelineJS export, rendered by TimelineJS in a real Chromium', () => {
  it('control: TimelineJS does run markup it is given, so a pass below means something', async () => {
    const page = await browser.newPage();
    try {
      const rendered = await renderInTimelineJs(page, {
        events: [{ start_date: { year: 2023 }, text: { headline: 'h', text: 't' }, group: '&lt;img src=x onerror="__xss.push(1)"&gt;', unique_id: 'control' }],
      });
      expect(rendered.fired).toEqual([1]);
    } finally {
      await page.close();
    }
  });

  it('hostile text in a statement runs nothing and reads as written: group label, headline, date and slide text', async () => {
    const exported = await fetch(`${server.url}/api/timelinejs.json`);
    expect(exported.status).toBe(200);
    const page = await browser.newPage();
    try {
      const rendered = await renderInTimelineJs(page, await exported.json());
      expect(rendered.fired).toEqual([]);
      expect(rendered.injected).toEqual([]);
      expect(rendered.groups).toContain(statement.speaker.body);
      expect(rendered.slide?.headline).toBe(statement.title);
      expect(rendered.slide?.date).toBe('1 March 2023');
      for (const text of [statement.summary, statement.quote, statement.figures[0]!.wording, statement.sources[0]!.title, statement.speaker.name]) {
        expect(rendered.slide?.text).toContain(text);
      }
    } finally {
      await page.close();
    }
  });
});
