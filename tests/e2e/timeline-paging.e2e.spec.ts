/**
 * The timeline's pages in a browser without JavaScript, on a real server: "Earlier statements"
 * and "Later statements" are plain links that lead by cursor, each page lists its statements
 * once, and an old page-number link still opens the page it named.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toArchiveEvent } from '../../events/validate.js';
import { appendArchiveEvents } from '../../src/domain/append.js';
import { importArchive } from '../../src/domain/import-archive.js';
import { getSqliteEventStore } from '../../src/store/sqlite.js';
import { newStatement } from '../int/http-fixture.js';
import { launchChromium } from './helpers/browser.js';
import { startServer, type RunningServer } from './helpers/server.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qantar-e2e-paging-'));
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  // The archive directories and 150 statements more, one a day from 2024: more than one page.
  const log = path.join(dir, 'qantar.db');
  const store = getSqliteEventStore(log);
  await importArchive(store, undefined, 'seed');
  const day = (i: number) => new Date(Date.UTC(2024, 0, 1 + i)).toISOString().slice(0, 10);
  await appendArchiveEvents(
    store,
    Array.from({ length: 150 }, (_, i) => toArchiveEvent({ type: 'StatementPublished', data: newStatement(`paged-${String(i).padStart(3, '0')}`, { publishedOn: day(i) }) })),
    { via: 'import' },
  );
  await store.close();
  [server, browser] = await Promise.all([
    startServer({ QANTAR_STORE: `sqlite:${log}`, QANTAR_READ_MODEL: path.join(dir, 'qantar.read.db') }),
    launchChromium(),
  ]);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

const titles = (page: Page) => page.locator('.entry-title a').allTextContents();

describe('the timeline, page by page, without JavaScript', () => {
  it('goes to earlier statements and back by its links, and an old page= link still opens its page', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(server.url);
    const latest = await titles(page);
    expect(latest).toContain('Update paged-149');
    const pager = page.getByRole('navigation', { name: 'Pages of the timeline', exact: true });
    const [, pages] = /page (\d+) of (\d+)/.exec((await pager.textContent()) ?? '')!;
    expect(Number(pages)).toBeGreaterThan(1);

    await pager.getByRole('link', { name: 'Earlier statements' }).click();
    expect(page.url()).toMatch(/\?before=[\w-]+$/);
    const earlier = await titles(page);
    expect(earlier).toHaveLength(100);
    expect(earlier.filter((t) => latest.includes(t))).toEqual([]);
    // The page by cursor lists what the old numbered link to that page lists.
    const numbered = await context.newPage();
    await numbered.goto(`${server.url}/?page=${Number(pages) - 1}`);
    expect(await titles(numbered)).toEqual(earlier);

    await page.getByRole('navigation', { name: 'Pages of the timeline', exact: true }).getByRole('link', { name: 'Later statements' }).click();
    expect(page.url()).toMatch(/\?after=[\w-]+$/);
    expect(await titles(page)).toEqual(latest);
    await context.close();
  });
});
