/**
 * Paging by key: the timeline and /api/statements lead from page to page by cursor, a seek into
 * the day index, so a deep page reads what the first does; a cursor holds the position its page
 * was read at, so paging through the archive while editors correct, retract and add statements
 * shows each statement once, in order; old page= and offset= links still give what they gave.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArchiveEvent } from '../../events/types.js';
import { listStatementsPlan, type Page, type TimelineQuery } from '../../projections/statements/statements.js';
import { appendArchiveEvents } from '../../src/domain/append.js';
import { findingCursor, timelineCursor } from '../../src/http/cursor.js';
import { waitForReadModel } from '../../src/http/wait.js';
import { correction, retraction } from '../fixtures/archive.js';
import { appendManyStatements, assertNoInlineCode, newStatement, openTestArchive, type TestArchive } from './http-fixture.js';
import { toArchiveEvent } from '../../events/validate.js';
import { sqliteHandleOf } from '../../src/read-model/read-model.js';

let archive: TestArchive;
/** The log's end once the seed archive alone is in: 16 statements. */
let seedHead: string;
beforeAll(async () => {
  archive = await openTestArchive();
  seedHead = await archive.head();
  // 16 seed statements and 250 more, one a day from 2024-01-01: three timeline pages of 100.
  await appendManyStatements(archive, 250);
});
afterAll(() => archive.close());

type Listed = { id: string; publishedOn: string };
const ids = (list: Listed[]) => list.map((s) => s.id);

async function append(events: ArchiveEvent[]) {
  const appended = await appendArchiveEvents(archive.store, events, { via: 'cli' });
  await waitForReadModel(archive.readModel, BigInt(appended.at(-1)!.position));
}

/** Between two pages: an editor moves one statement back past the cursor, one forward, retracts one and adds one. */
const editsBetweenPages = (page: number): ArchiveEvent[] => [
  correction(`bulk-${String(200 + page).padStart(4, '0')}`, { publishedOn: '2023-06-01' }, 'the release was dated June 2023'),
  correction(`bulk-${String(10 + page).padStart(4, '0')}`, { publishedOn: '2025-06-01' }, 'the release was dated June 2025'),
  retraction(`bulk-${String(100 + page).padStart(4, '0')}`),
  toArchiveEvent({ type: 'StatementPublished', data: newStatement(`added-between-pages-${page}`, { publishedOn: '2023-01-01' }) }),
];

describe('/api/statements by cursor', () => {
  it('pages through every statement exactly once, in order, while corrections and retractions are appended between pages', async () => {
    const first = (await request(archive.app).get('/api/statements?limit=37').expect(200)).body;
    const whole = (await request(archive.app).get(`/api/statements?at=${first.at}`).expect(200)).body;
    const seen: Listed[] = [...first.statements];
    let next: string | null = first.next;
    let pages = 1;
    while (next) {
      await append(editsBetweenPages(pages));
      const page = (await request(archive.app).get(`/api/statements?limit=37&after=${next}`).expect(200)).body;
      // Every page is read where the first was: the archive as it stood when the paging began.
      expect(page).toMatchObject({ at: first.at, total: whole.total, after: next, limit: 37 });
      seen.push(...page.statements);
      next = page.next;
      pages += 1;
    }
    expect(pages).toBe(Math.ceil(whole.total / 37));
    expect(ids(seen)).toEqual(ids(whole.statements));
    expect(new Set(ids(seen)).size).toBe(seen.length);
    // The edits did happen: the archive now lists them, and a fresh paging would see them.
    const now = (await request(archive.app).get('/api/statements').expect(200)).body;
    expect(ids(now.statements)).toContain('added-between-pages-1');
    expect(ids(now.statements)).not.toContain('bulk-0101');
  });

  it('gives a `next` on offset pages too, that continues where the offset page ended', async () => {
    const head = (await request(archive.app).get('/api/statements?limit=500').expect(200)).body;
    const window = (await request(archive.app).get('/api/statements?offset=40&limit=20').expect(200)).body;
    expect(window).toMatchObject({ offset: 40, limit: 20 });
    expect(ids(window.statements)).toEqual(ids(head.statements).slice(40, 60));
    const after = (await request(archive.app).get(`/api/statements?limit=20&after=${window.next}`).expect(200)).body;
    expect(ids(after.statements)).toEqual(ids(head.statements).slice(60, 80));
    // The last page says so: no `next`.
    const last = (await request(archive.app).get(`/api/statements?offset=${head.total - 5}&limit=20`).expect(200)).body;
    expect(last.next).toBeNull();
  });

  it('keeps the filters and a pinned `at` under the cursor', async () => {
    const all = (await request(archive.app).get('/api/statements?topic=amnesty-law').expect(200)).body;
    expect(all.total).toBeGreaterThan(1);
    const first = (await request(archive.app).get('/api/statements?topic=amnesty-law&limit=1').expect(200)).body;
    const second = (await request(archive.app).get(`/api/statements?topic=amnesty-law&limit=1&after=${first.next}`).expect(200)).body;
    expect([...ids(first.statements), ...ids(second.statements)]).toEqual(ids(all.statements).slice(0, 2));

    // A page pinned at an earlier position leads on at that position, and `at` may be repeated beside the cursor.
    const pinned = (await request(archive.app).get(`/api/statements?at=${seedHead}&limit=3`).expect(200)).body;
    const then = (await request(archive.app).get(`/api/statements?at=${seedHead}`).expect(200)).body;
    const on = (await request(archive.app).get(`/api/statements?at=${seedHead}&limit=3&after=${pinned.next}`).expect(200)).body;
    expect(on.at).toBe(seedHead);
    expect(ids(on.statements)).toEqual(ids(then.statements).slice(3, 6));
  });
});

describe('the timeline by cursor', () => {
  const hrefOf = (html: string, rel: 'prev' | 'next') => {
    const href = new RegExp(`<a href="([^"]+)" rel="${rel}">`).exec(html)?.[1];
    return href?.replaceAll('&amp;', '&').replaceAll('&#x3D;', '=');
  };
  const entryIds = (html: string) => [...html.matchAll(/<h4 class="entry-title"><a href="\/statements\/([^"?]+)/g)].map((m) => m[1]!);

  it('leads from the earliest page to the latest and back by its links, each statement once, in order, under edits', async () => {
    const start = await request(archive.app).get('/?page=1').expect(200);
    const position = /pinned at log position (\d+)/.exec(start.text)![1]!;
    const inForce = ids((await request(archive.app).get(`/api/statements?at=${position}`).expect(200)).body.statements);
    const forwards = [entryIds(start.text)];
    let html = start.text;
    for (let href = hrefOf(html, 'next'); href; href = hrefOf(html, 'next')) {
      await append(editsBetweenPages(20 + forwards.length));
      html = (await request(archive.app).get(href).expect(200)).text;
      assertNoInlineCode(html);
      forwards.push(entryIds(html));
    }
    expect(forwards.length).toBe(3);
    const listed = forwards.flat();
    expect(new Set(listed).size).toBe(listed.length);
    // The timeline keeps retracted statements in their place, marked; the API lists those in force.
    expect(listed.filter((id) => inForce.includes(id))).toEqual(inForce);
    expect(listed.length - inForce.length).toBe(Number(/(\d+) retracted statements? (?:is|are) still listed/.exec(start.text)?.[1] ?? 0));
    // Back from the latest page by "Earlier": the same pages, as the archive stood when the paging began.
    const backwards = [entryIds(html)];
    for (let href = hrefOf(html, 'prev'); href; href = hrefOf(html, 'prev')) {
      html = (await request(archive.app).get(href).expect(200)).text;
      backwards.unshift(entryIds(html));
    }
    expect(backwards).toEqual(forwards);
  });

  it('says a page by cursor is pinned, and links the same place in the timeline as it stands now', async () => {
    const latest = await request(archive.app).get('/').expect(200);
    const earlierHref = hrefOf(latest.text, 'prev')!;
    const before = await request(archive.app).get(earlierHref).expect(200);
    expect(before.text).not.toContain('A newer version of this page exists');
    const inForce = ids((await request(archive.app).get('/api/statements').expect(200)).body.statements);
    const moved = entryIds(before.text).find((id) => id.startsWith('bulk-') && inForce.includes(id))!;
    await append([correction(moved, { publishedOn: '2030-01-01' }, 'the release was dated 2030')]);
    const then = await request(archive.app).get(earlierHref).expect(200);
    expect(then.text).toContain('A newer version of this page exists');
    expect(entryIds(then.text)).toEqual(entryIds(before.text));
    expect(entryIds(then.text)).toContain(moved);
    const live = /<a href="([^"]+)">See the current version<\/a>/.exec(then.text)![1]!.replaceAll('&amp;', '&').replaceAll('&#x3D;', '=');
    expect(live).toMatch(/^\/\?before=[\w-]+$/);
    const now = await request(archive.app).get(live).expect(200);
    expect(now.text).not.toContain('A newer version of this page exists');
    expect(entryIds(now.text)).not.toContain(moved);
    expect(timelineCursor.decode(live.slice('/?before='.length))).toMatchObject({ at: Number(await archive.head()) });
  });
});

describe('a page by cursor is a seek into the index, at any depth', () => {
  const key = { day: '2024-05-01', position: 200 };
  const plan = (q: TimelineQuery & Page) => listStatementsPlan(sqliteHandleOf(archive.readModel), q);

  it.each([
    ['after a key', { after: key }],
    ['before a key', { before: key }],
    ['after a key, up to a day', { after: key, until: '2024-06-01' }],
    ['before a key, up to a day', { before: key, until: '2024-03-01' }],
    ['after a key, by topic, body and kind, pinned', { after: key, topic: 'convictions', body: 'Supreme Court of Kazakhstan', kind: 'announcement', at: 50 }],
  ])('%s', (_name, page) => {
    const steps = plan({ ...page, limit: 101 });
    // SEARCH with the key as a bound: SQLite starts at the key, instead of stepping over every row before it.
    expect(steps[0]).toMatch(/^SEARCH v USING INDEX statement_versions_by_day \(\(published_on_day,from_position\)[<>]\(\?,\?\)/);
    // And reads in the index's order: no sort of everything that matches.
    expect(steps.join('\n')).not.toMatch(/TEMP B-TREE/);
  });

  it('where an offset steps over every row it skips', () => {
    expect(plan({ limit: 100, offset: 200 })[0]).toBe('SCAN v USING INDEX statement_versions_by_day');
  });
});

describe('a cursor is checked like every parameter', () => {
  const cursorOf = (tuple: unknown) => Buffer.from(JSON.stringify(tuple)).toString('base64url');
  const issues = async (url: string) => {
    const res = await request(archive.app).get(url).set('Accept', 'application/json');
    expect(res.status, url).toBe(400);
    return (res.body.issues as { path: string; message: string }[]).map((i) => `${i.path}: ${i.message}`);
  };

  it('refuses what is not a cursor this archive gave, naming the parameter', async () => {
    const head = Number(await archive.head());
    const good = timelineCursor.encode({ at: head, key: { day: '2024-01-01', position: 40 } });
    const bad = [
      'x',
      '!!!!',
      good.slice(0, -2),
      `${good}=`,
      cursorOf(['s', head, '2024-02-30', 40]),
      cursorOf(['s', -1, '2024-01-01', 40]),
      cursorOf(['s', head, '2024-01-01']),
      cursorOf({ at: head }),
      findingCursor.encode({ at: head, key: { relationId: 'r', date: '2024-01-01' } }),
    ];
    for (const cursor of bad) {
      for (const [url, name] of [
        [`/?after=${encodeURIComponent(cursor)}`, 'after'],
        [`/?before=${encodeURIComponent(cursor)}`, 'before'],
        [`/api/statements?after=${encodeURIComponent(cursor)}`, 'after'],
      ] as const) {
        expect(await issues(url), `${url}`).toEqual([`${name}: must be a cursor from a link or answer of this archive, unchanged`]);
      }
    }
    expect(await issues(`/api/statements?after=${timelineCursor.encode({ at: head + 1, key: { day: '2024-01-01', position: 40 } })}`)).toEqual([
      `after: was made at log position ${head + 1}, past the end of this archive’s log (${head})`,
    ]);
    expect(await issues(`/?after=${good}&at=3`)).toEqual([`after: was made at log position ${head}, not at=3: give one or the other`]);
    expect(await issues(`/?after=${good}&before=${good}`)).toEqual(['before: cannot be given with after']);
    expect(await issues(`/?page=2&after=${good}`)).toEqual(['after: cannot be given with page']);
    expect(await issues(`/api/statements?offset=2&after=${good}`)).toEqual(['offset: cannot be given with after']);
    // The same cursor, given right, is a page.
    await request(archive.app).get(`/?after=${good}&at=${head}`).expect(200);
  });
});

describe('/history by position, both ways', () => {
  const rows = (html: string) => [...html.matchAll(/<th scope="row">(\d+)<\/th>/g)].map((m) => Number(m[1]));
  const follow = (html: string, text: 'Older events' | 'Newer events') => {
    const href = new RegExp(`<a href="([^"]+)" rel="(?:next|prev)">${text}</a>`).exec(html)?.[1];
    return href?.replaceAll('&amp;', '&').replaceAll('&#x3D;', '=');
  };
  const get = async (url: string) => (await request(archive.app).get(url).expect(200)).text;

  it('leads to older pages and back to newer ones, the same pages both ways, each event once', async () => {
    const newest = await get('/history?limit=20');
    expect(follow(newest, 'Newer events')).toBeUndefined();
    const pages = [newest];
    for (let i = 0; i < 3; i += 1) pages.push(await get(follow(pages[i]!, 'Older events')!));
    const positions = pages.flatMap(rows);
    expect(positions).toHaveLength(80);
    expect(positions).toEqual([...positions].sort((a, b) => b - a));
    expect(new Set(positions).size).toBe(80);
    let back = pages[3]!;
    for (let i = 2; i >= 0; i -= 1) {
      back = await get(follow(back, 'Newer events')!);
      expect(rows(back)).toEqual(rows(pages[i]!));
    }
    expect(follow(back, 'Newer events')).toBeUndefined();
  });

  it('keeps a pinned position in both directions, and names a bad cursor', async () => {
    const pinned = await get(`/history?at=${seedHead}&limit=10`);
    const older = await get(follow(pinned, 'Older events')!);
    expect(follow(pinned, 'Older events')).toContain(`at=${seedHead}`);
    const newer = follow(older, 'Newer events')!;
    expect(newer).toContain(`at=${seedHead}`);
    expect(rows(await get(newer))).toEqual(rows(pinned));
    expect(Math.max(...rows(pinned))).toBe(Number(seedHead));
    for (const [url, issue] of [
      ['/history?after=x', 'after: must be a log position, a whole number such as 42'],
      ['/history?after=3&before=9', 'after: cannot be given with before'],
    ]) {
      const res = await request(archive.app).get(url!).set('Accept', 'application/json').expect(400);
      expect(res.body.issues.map((i: { path: string; message: string }) => `${i.path}: ${i.message}`)).toEqual([issue]);
    }
  });
});
