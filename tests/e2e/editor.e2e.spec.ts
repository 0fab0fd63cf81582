import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactPath } from './helpers/artifacts.js';
import { hasHorizontalScroll, seriousViolations } from './helpers/axe.js';
import { launchChromium } from './helpers/browser.js';
import { startServer, type RunningServer } from './helpers/server.js';

const token = 'e2e-editor-token-51c9';
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer({ QANTAR_EDITOR_TOKENS: `editor:${token}` }), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** The log position the archive reads at: it moves only when something is appended. */
const logHead = async () => ((await (await fetch(`${server.url}/api/statements?limit=1`)).json()) as { at: string }).at;

/** What a reader would have to complain of on this page: axe's serious findings, and sideways scrolling. */
async function problemsOf(page: Page, what: string, width: number) {
  const problems = (await seriousViolations(page)).map((v) => `${what}: ${v}`);
  if (await hasHorizontalScroll(page)) problems.push(`${what}: scrolls sideways at ${width} px`);
  return problems;
}

const button = (page: Page, action: string) => page.locator(`button[name="action"][value="${action}"]`);

async function signIn(page: Page, lang: string) {
  await page.goto(`${server.url}/editor?lang=${lang}`);
  await page.locator('#token').fill(token);
  await page.locator('form.editor-login button[type="submit"]').click();
  await page.locator('#field-title').waitFor();
}

/** A statement of the Supreme Court, dated by the caller, with 1,250 convicted (more than the 1,221 tried in force) and a second figure. */
async function fillStatement(page: Page, title: string, convicted: string, damage: string) {
  await page.locator('#field-kind').selectOption('announcement');
  await page.locator('#field-title').fill(title);
  await page.locator('#field-summary').fill('The Supreme Court reported how many persons had been convicted.');
  await page.locator('#field-speakerName').fill('Aslambek Mergaliyev');
  await page.locator('#field-newBody').fill('Supreme Court of Kazakhstan');
  await page.locator('input[name="topics"][value="convictions"]').check();
  await page.locator('#field-sourceTitle').fill('Supreme Court press release');
  await page.locator('#field-sourceUrl').fill('https://example.org/supreme-court/release');
  await page.locator('#field-figure-0-metric').selectOption('persons-convicted');
  await page.locator('#field-figure-0-value').fill(convicted);
  await page.locator('#field-figure-0-wording').fill('1,250 persons have been convicted');
  await page.locator('#field-figure-1-metric').selectOption('business-damage-kzt');
  await page.locator('#field-figure-1-value').fill(damage);
  await page.locator('#field-figure-1-wording').fill('37.5 tenge');
}

const flows = [
  { width: 1280, lang: 'en', title: 'Supreme Court: 1,250 convicted', day: '2023-06-01' },
  { width: 375, lang: 'ru', title: 'Верховный суд: 1 250 осуждённых', day: '2023-07-01' },
] as const;

describe('appending a statement as an editor, previewed and checked first', () => {
  for (const { width, lang, title, day } of flows) {
    it(`at ${width} px in ${lang}: warns of the contradiction before appending, appends on confirmation, and links to the statement`, async () => {
      const context = await browser.newContext({ viewport: { width, height: 900 } });
      const page = await context.newPage();
      const problems: string[] = [];
      await signIn(page, lang);
      problems.push(...(await problemsOf(page, '/editor (form)', width)));
      // No date is offered: the editor must give the statement's own.
      await expect(page.locator('#field-publishedOn').inputValue()).resolves.toBe('');
      await expect(page.locator('#field-publishedOn').getAttribute('type')).resolves.toBe('date');

      if (lang === 'en') {
        // Typed into the browser's own date input, day by day: it sends 2023-06-01.
        await page.locator('#field-publishedOn').click({ position: { x: 4, y: 4 } });
        await page.keyboard.type('06012023');
        await expect(page.locator('#field-publishedOn').inputValue()).resolves.toBe(day);
        // In English a comma groups thousands: "37,5" is refused, naming the field, and nothing is appended.
        await fillStatement(page, title, '1,250', '37,5');
        const before = await logHead();
        await button(page, 'preview').click();
        await expect(page.locator('#field-figure-1-value-error').textContent()).resolves.toContain('in English a comma groups thousands');
        await expect(page.getByRole('alert').textContent()).resolves.toContain('Figure 2: Value');
        problems.push(...(await problemsOf(page, '/editor (errors)', width)));
        expect(await logHead()).toBe(before);
        await page.locator('#field-figure-1-value').fill('37.5');
      } else {
        // A browser without a date picker sends what was typed: 01.07.2023, day first, as in Russian.
        await page.locator('#field-publishedOn').evaluate((input) => input.setAttribute('type', 'text'));
        await page.locator('#field-publishedOn').fill('01.07.2023');
        await page.locator('#field-sourceDate').evaluate((input) => input.setAttribute('type', 'text'));
        await page.locator('#field-sourceDate').fill('05.01.2023');
        // In Russian a comma starts the fraction: "37,5" is 37.5, and spaces group digits.
        await fillStatement(page, title, '1 250', '37,5');
      }

      const head = await logHead();
      await button(page, 'preview').click();
      await expect(page.locator('h1').textContent()).resolves.toBe(lang === 'en' ? 'Check the statement before it is appended' : 'Проверьте заявление перед добавлением');
      const warnings = page.locator('.draft-checks .finding');
      expect(await warnings.count()).toBeGreaterThan(0);
      const contradiction = warnings.filter({ hasText: lang === 'en' ? 'Persons convicted exceeds' : 'превышает' });
      await expect(contradiction.count()).resolves.toBe(1);
      // However the page's language groups digits: 1,221 or 1 221.
      await expect(contradiction.textContent()).resolves.toMatch(lang === 'en' ? /at most 1,221/ : /не более 1[\s,\u00a0\u202f]?221/);
      await expect(page.locator('.warning-summary').isVisible()).resolves.toBe(true);
      await expect(page.locator('#draft-title').textContent()).resolves.toBe(title);
      // The warnings come before anything is appended.
      expect(await logHead()).toBe(head);
      problems.push(...(await problemsOf(page, '/editor (preview)', width)));
      await page.screenshot({ path: artifactPath(`editor-preview-${width}.png`), fullPage: true });

      await button(page, 'publish').click();
      await expect(page.locator('h1').textContent()).resolves.toBe(lang === 'en' ? 'Statement appended' : 'Заявление добавлено');
      expect(Number(await logHead())).toBeGreaterThan(Number(head));
      problems.push(...(await problemsOf(page, '/editor/appended', width)));
      const link = page.locator('.next-steps a').first();
      const href = (await link.getAttribute('href'))!;
      expect(href).toMatch(new RegExp(`^/statements/[a-z0-9-]+-${day}$`));
      await link.click();
      await expect(page.locator('h1').textContent()).resolves.toBe(title);

      // The statement's page says what the checks find in its figures, where its readers land.
      const here = page.locator('section.findings-here');
      await expect(here.locator('.finding').filter({ hasText: lang === 'en' ? 'Persons convicted exceeds' : 'превышает' }).count()).resolves.toBe(1);
      problems.push(...(await problemsOf(page, `${href} (with a finding)`, width)));

      const stored = (await (await fetch(`${server.url}/api${href}`)).json()) as { publishedOn: string; figures: { value: number }[]; sources: { date?: string }[]; speaker: { body: string }; topics: string[] };
      expect(stored.publishedOn).toBe(day);
      expect(stored.figures.map((f) => f.value)).toEqual([1250, 37.5]);
      expect(stored.speaker.body).toBe('Supreme Court of Kazakhstan');
      expect(stored.topics).toEqual(['convictions']);
      if (lang === 'ru') expect(stored.sources[0]!.date).toBe('2023-01-05');

      // /checks names the statement by its title, linked, and the relation by the source's sentence.
      await page.goto(`${server.url}/checks?date=${day}`);
      const statementLinks = await page.locator('.finding a[href^="/statements/"]').evaluateAll((links) => links.map((a) => [a.getAttribute('href'), a.textContent]));
      expect(statementLinks.length).toBeGreaterThan(0);
      for (const [linked, text] of statementLinks) expect(text, linked!).not.toBe(linked!.replace('/statements/', ''));
      // The first statement to give 1,250 is the evidence; a later one restating it continues the same finding.
      if (lang === 'en') await expect(page.locator(`.finding a[href="${href}"]`).first().textContent()).resolves.toBe(title);
      await expect(page.locator('.finding-relation').first().isVisible()).resolves.toBe(true);
      expect(await page.locator('.finding code').count()).toBe(0);
      problems.push(...(await problemsOf(page, '/checks', width)));
      await context.close();
      expect(problems).toEqual([]);
    }, 180_000);
  }

  it('keeps the input when the editor goes back from the preview', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled: false });
    const page = await context.newPage();
    await signIn(page, 'en');
    await page.locator('#field-publishedOn').click({ position: { x: 4, y: 4 } });
    await page.keyboard.type('08012023');
    await fillStatement(page, 'A statement to edit', '1,200', '37.5');
    await button(page, 'preview').click();
    await button(page, 'edit').click();
    await expect(page.locator('#field-title').inputValue()).resolves.toBe('A statement to edit');
    await expect(page.locator('#field-publishedOn').inputValue()).resolves.toBe('2023-08-01');
    await expect(page.locator('#field-figure-0-value').inputValue()).resolves.toBe('1,200');
    await expect(page.locator('input[name="topics"][value="convictions"]').isChecked()).resolves.toBe(true);
    await context.close();
  }, 60_000);
});
