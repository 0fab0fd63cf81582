import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasHorizontalScroll, seriousViolations } from './helpers/axe.js';
import { launchChromium } from './helpers/browser.js';
import { startServer, type RunningServer } from './helpers/server.js';

/**
 * Issue 13's test of every page in Russian and Kazakh, in real Chromium: chosen once by the
 * browser's Accept-Language and once by clicking the switcher on the English page. Each page must
 * say its language in <html lang>, leave no interface text in English (the English data it shows,
 * such as the seed's wording, sits in an element marked lang="en"), show no raw message key, and
 * pass axe. The switcher pass reads at a phone's width, the Accept-Language pass at a desktop's.
 */
let server: RunningServer;
let browser: Browser;
beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchChromium()]);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const pages: readonly (readonly [name: string, path: string])[] = [
  ['timeline', '/'],
  ['statement', '/statements/hearing-2023-01-05-asylov'],
  ['figures', '/figures?date=2023-01-05'],
  ['metrics', '/metrics'],
  ['metric', '/metrics/amnesty-covered'],
  ['checks', '/checks?date=2023-01-05'],
  ['compare', '/compare?from=2022-06-01&to=2023-01-05'],
  ['history', '/history'],
  ['about', '/about'],
  ['editor', '/editor'],
  ['not-found', '/no-such-page'],
  ['search', '/search?q=amnesty'],
];

/**
 * Latin-letter words an interface in Russian or Kazakh may show outside lang="en": the archive's
 * name, the time zone, and the names of file formats and protocols, which have no translation.
 */
export const allowedLatinWords = new Set(['Qantar', 'UTC', 'JSON', 'CSV', 'NDJSON', 'SVG', 'PNG', 'BibTeX', 'API', 'Atom', 'Python', 'TimelineJS', 'oEmbed']);

type Finding = Readonly<{ englishWords: string[]; rawKeys: string[]; htmlLang: string }>;

/**
 * Runs in the page: every visible text node (and every aria-label, title and alt) whose closest
 * [lang] is not English, its Latin-letter words that are neither allowed nor an address, a path,
 * an id or a command (those sit in <code>, <pre> or links' addresses and are not language).
 */
function inspect(allowed: string[]): Finding {
  const allow = new Set(allowed);
  const englishWords: string[] = [];
  const isDataToken = (token: string) =>
    /^[a-z]+:\/\//i.test(token) || /^[/?#]/.test(token) || /[=@_/\\]/.test(token) || /^[a-z0-9]+(-[a-z0-9]+)+$/.test(token) || /\d/.test(token) ||
    /^[\w-]+(\.[\w-]+)+$/.test(token); // a domain, as a publisher is named ("yugsn.ru")
  const latinWordsOf = (text: string) =>
    text
      .split(/\s+/)
      .map((token) => token.replace(/^[(«“"'‘[]+|[)»”"'’\].,:;!?…]+$/g, ''))
      .filter((token) => /[A-Za-z]/.test(token) && !isDataToken(token))
      .flatMap((token) => token.match(/[A-Za-z]+/g) ?? [])
      .filter((word) => !allow.has(word));
  const notEnglish = (el: Element) => {
    const marked = el.closest('[lang]');
    return !marked || !marked.getAttribute('lang')!.toLowerCase().startsWith('en');
  };
  // A textarea holds code to copy (the embed code), not language.
  const skipped = (el: Element) => el.closest('code, pre, script, style, noscript, template, textarea') !== null;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el || skipped(el) || !notEnglish(el) || !node.textContent?.trim()) continue;
    // SVG text is drawn even where it is hidden from assistive technology: it is read by the eye.
    const visible = el.closest('svg') ? true : el.checkVisibility({ visibilityProperty: true });
    if (!visible && !el.closest('.visually-hidden, caption, [data-label]')) continue;
    for (const word of latinWordsOf(node.textContent)) englishWords.push(`${word} («${node.textContent.trim().slice(0, 60)}»)`);
  }
  for (const el of document.querySelectorAll('[aria-label], [title], [alt], [placeholder]')) {
    if (skipped(el) || !notEnglish(el)) continue;
    for (const attribute of ['aria-label', 'title', 'alt', 'placeholder']) {
      const value = el.getAttribute(attribute);
      if (value) for (const word of latinWordsOf(value)) englishWords.push(`${word} (${attribute} «${value.slice(0, 60)}»)`);
    }
  }
  for (const el of document.querySelectorAll('svg title, svg desc')) {
    if (!notEnglish(el)) continue;
    for (const word of latinWordsOf(el.textContent ?? '')) englishWords.push(`${word} (svg «${(el.textContent ?? '').trim().slice(0, 60)}»)`);
  }
  if (document.title && notEnglish(document.documentElement)) {
    // The title may carry an untranslated data title, which it cannot mark: only its interface part is checked.
    const [interfacePart] = document.title.split(' · ').slice(-1);
    for (const word of latinWordsOf(interfacePart ?? '')) englishWords.push(`${word} (<title>)`);
  }
  const text = `${document.title}\n${document.body.innerText}\n${[...document.querySelectorAll('[aria-label]')].map((e) => e.getAttribute('aria-label')).join('\n')}`;
  const rawKeys = text.match(/\b[a-z]+:[a-zA-Z]+(\.[a-zA-Z_-]+)+\b/g) ?? [];
  return { englishWords: [...new Set(englishWords)], rawKeys, htmlLang: document.documentElement.lang };
}

async function problemsOn(page: Page, lang: string): Promise<string[]> {
  const found = await page.evaluate(inspect, [...allowedLatinWords]);
  return [
    ...(found.htmlLang === lang ? [] : [`<html lang="${found.htmlLang}">, not ${lang}`]),
    ...found.englishWords.map((w) => `English outside lang="en": ${w}`),
    ...found.rawKeys.map((k) => `raw message key: ${k}`),
    ...(await seriousViolations(page)).map((v) => `axe: ${v}`),
  ];
}

/** Whether a page exists yet (the search page lands with its own engineer's work). */
async function exists(path: string): Promise<boolean> {
  const res = await fetch(`${server.url}${path}`, { headers: { accept: 'text/html' } });
  return !(res.status === 404 && path !== '/no-such-page');
}

for (const lang of ['ru', 'kk'] as const) {
  describe(`every page in ${lang}`, () => {
    let byHeader: BrowserContext;
    let bySwitcher: BrowserContext;
    beforeAll(async () => {
      byHeader = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: lang, extraHTTPHeaders: { 'Accept-Language': lang } });
      bySwitcher = await browser.newContext({ viewport: { width: 375, height: 800 }, locale: 'en-GB', extraHTTPHeaders: { 'Accept-Language': 'en' } });
    });
    afterAll(async () => {
      await byHeader?.close();
      await bySwitcher?.close();
    });

    for (const [name, path] of pages) {
      it(`${name}, chosen by Accept-Language (1280 px)`, async (test) => {
        if (!(await exists(path))) return test.skip();
        const page = await byHeader.newPage();
        try {
          await page.goto(`${server.url}${path}`);
          expect(await problemsOn(page, lang)).toEqual([]);
        } finally {
          await page.close();
        }
      }, 120_000);

      it(`${name}, chosen by the switcher (375 px)`, async (test) => {
        if (!(await exists(path))) return test.skip();
        // Each starts from an English reader: the cookie a switch leaves is the next test's to clear.
        await bySwitcher.clearCookies();
        const page = await bySwitcher.newPage();
        try {
          await page.goto(`${server.url}${path}`);
          expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
          await page.locator(`.language-switcher a[hreflang="${lang}"]`).click();
          await page.waitForURL((url) => url.searchParams.get('lang') === lang);
          const problems = await problemsOn(page, lang);
          // Kazakh and Russian words run longer than English: the page must still fit a phone.
          if (await hasHorizontalScroll(page)) problems.push('scrolls sideways at 375 px');
          expect(problems).toEqual([]);
          // The choice is remembered: the next page, opened without ?lang=, is in it too.
          await page.goto(`${server.url}/about`);
          expect(await page.evaluate(() => document.documentElement.lang)).toBe(lang);
        } finally {
          await page.close();
        }
      }, 120_000);
    }
  });
}
