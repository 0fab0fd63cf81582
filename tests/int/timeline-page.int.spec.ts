import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { loadArchiveDirectory, translationsDirectory } from '../../events/seed.js';
import { appendArchiveEvents } from '../../src/domain/append.js';
import { waitForReadModel } from '../../src/http/wait.js';
import { appendManyStatements, assertNoInlineCode, openTestArchive, type TestArchive } from './http-fixture.js';

let archive: TestArchive;
beforeAll(async () => {
  archive = await openTestArchive();
  // The archive's translations of the seed's statements, as the server imports them.
  const ids = new Set(loadArchiveDirectory().map((e) => ('id' in e.data ? e.data.id : undefined)));
  const translations = loadArchiveDirectory(translationsDirectory).filter((e) => e.type === 'TextTranslated' && e.data.subject === 'statement' && ids.has(e.data.id));
  const appended = await appendArchiveEvents(archive.store, translations, { via: 'import' });
  await waitForReadModel(archive.readModel, BigInt(appended.at(-1)!.position));
});
afterAll(() => archive.close());

/** The text of every element matching a class in a page, in order (the pages are server-rendered: no DOM needed). */
const texts = (html: string, className: string) =>
  [...html.matchAll(new RegExp(`class="${className}"[^>]*>([^<]*)<`, 'g'))].map((m) => m[1]!.trim());
/** Intl writes ranges with thin and narrow no-break spaces; the tests compare the words. */
const plainSpaces = (html: string) => html.replace(/[\u2009\u202f]/g, ' ');
const entryIds = (html: string) => [...html.matchAll(/<li class="entry[^"]*" id="s-([^"]+)"/g)].map((m) => m[1]);

describe('the timeline page', () => {
  it('labels every statement in the visual timeline, folds a crowded day into a group and draws the periods as bands', async () => {
    const res = await request(archive.app).get('/').expect(200);
    assertNoInlineCode(res.text);
    const inForce = archive.reader.listStatements({});
    // One labelled link per statement: the label is text in the page, not a tooltip.
    const links = [...res.text.matchAll(/<a class="tl-event[^"]*" href="\/statements\/([^"]+)"(?: lang="en")?>([^<]+)<\/a>/g)];
    expect(links.map((m) => m[1]).sort()).toEqual(inForce.map((v) => v.statement.id).sort());
    expect(links.every((m) => m[2]!.trim().length > 0)).toBe(true);
    // The nine statements of the 5 January 2023 hearing are one group that opens.
    const group = /<time class="tl-date" datetime="2023-01-05">5 January 2023<\/time>\s*<details class="tl-group">\s*<summary><span class="tl-count">9 statements<\/span>/;
    expect(res.text).toMatch(group);
    expect(texts(res.text, 'tl-period-label')).toHaveLength(2);
    expect(plainSpaces(res.text)).toContain('<span>Unrest of 4–7 January 2022</span> <span class="tl-period-dates">4 – 7 January 2022</span>');
    expect(plainSpaces(res.text)).toContain('The amnesty law’s path</span> <span class="tl-period-dates">1 September – 2 November 2022</span>');
  });

  it('shows each statement’s summary in the list', async () => {
    const res = await request(archive.app).get('/').expect(200);
    const law = archive.reader.listStatements({}).find((v) => v.statement.id === 'parliament-approves-amnesty-law-2022-10-27')!;
    expect(res.text).toContain(`<p class="entry-summary">${law.statement.summary}</p>`);
  });

  it('filters by a date range, keeps the dates in the form, and refuses a range that ends before it starts, naming the field', async () => {
    const res = await request(archive.app).get('/?from=2022-10-01&until=2022-11-30').expect(200);
    expect(res.text).toContain('4 statements match these filters');
    expect(entryIds(res.text)).toEqual([
      'zhetisu-court-detention-2022-10-20',
      'parliament-approves-amnesty-law-2022-10-27',
      'shyndaliyev-torture-investigation-2022-10-27',
      'tokayev-signs-amnesty-law-2022-11-02',
    ]);
    expect(res.text).toContain('<input type="date" id="filter-from" name="from" value="2022-10-01">');
    expect(res.text).toContain('<input type="date" id="filter-until" name="until" value="2022-11-30">');
    // The statements CSV link carries the same filters.
    expect(res.text).toContain('href="/api/statements.csv?from&#x3D;2022-10-01&amp;until&#x3D;2022-11-30"');
    const bad = await request(archive.app).get('/?from=2023-02-01&until=2023-01-01').set('Accept', 'application/json').expect(400);
    expect(bad.body.issues).toEqual([{ path: 'until', message: 'must be on or after from' }]);
    await request(archive.app).get('/?from=2023-02-30').expect(400);
  });

  it('names a page past the last in the reader’s language, with the plural the count takes', async () => {
    const english = await request(archive.app).get('/?page=9').set('Accept', 'application/json').expect(400);
    expect(english.body.issues).toEqual([{ path: 'page', message: 'the timeline has 1 page' }]);
    const russian = await request(archive.app).get('/?page=9&lang=ru').set('Accept', 'application/json').expect(400);
    expect(russian.body.issues).toEqual([{ path: 'page', message: 'в хронологии 1 страница' }]);
  });

  it('speaks the reader’s language: headings, counts, dates and the group, with the archive’s English data marked', async () => {
    const res = await request(archive.app).get('/?lang=ru').expect(200);
    expect(res.text).toContain('<h1>Хронология официальных заявлений</h1>');
    expect(res.text).toContain('<h2>Заявления по месяцам</h2>');
    expect(res.text).toMatch(/<time class="tl-date" datetime="2023-01-05">5 января 2023 г\.<\/time>\s*<details class="tl-group">\s*<summary><span class="tl-count">9 заявлений<\/span>/);
    expect(plainSpaces(res.text)).toContain('<span>Беспорядки 4–7 января 2022 года</span> <span class="tl-period-dates">4–7 января 2022 г.</span>');
    // The archive's own titles in the reader's language where it has translated them, unmarked; the rest marked English.
    expect(res.text).toContain('<a class="tl-event tl-event-law" href="/statements/parliament-approves-amnesty-law-2022-10-27">Парламент одобрил закон об амнистии</a>');
    expect(res.text).toContain('<h4 class="entry-title"><a href="/statements/parliament-approves-amnesty-law-2022-10-27">Парламент одобрил закон об амнистии</a></h4>');
    expect(res.text).not.toContain('Statements by month');
    const kk = await request(archive.app).get('/?lang=kk').expect(200);
    expect(kk.text).toContain('<span class="tl-count">9 мәлімдеме</span>');
    expect(kk.text).toContain('href="/feed.atom?lang&#x3D;kk"');
  });

  it('links the feed, the TimelineJS file and the CSVs', async () => {
    const res = await request(archive.app).get('/').expect(200);
    for (const href of ['/feed.atom?lang&#x3D;en', '/api/timelinejs.json?lang&#x3D;en', '/api/statements.csv', '/api/figures.csv', '/api/checks.csv']) {
      expect(res.text).toContain(`href="${href}"`);
    }
  });
});

describe('the feed and the exports over HTTP', () => {
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (name) => name === 'entry' });

  it('the Atom feed dates each entry by the statement’s day (published) and says its language', async () => {
    const res = await request(archive.app).get('/feed.atom?lang=ru').expect(200).expect('Content-Type', /atom\+xml/);
    expect(XMLValidator.validate(res.text)).toBe(true);
    const feed = parser.parse(res.text).feed;
    expect(feed['@xml:lang']).toBe('ru');
    expect(res.headers['content-language']).toBe('ru');
    const hearing = feed.entry.find((e: { id: string }) => e.id === 'urn:qantar:statement:hearing-2023-01-05-asylov');
    expect(hearing.published).toBe('2023-01-05T00:00:00+06:00');
    expect(hearing.updated).not.toBe(hearing.published);
    const english = parser.parse((await request(archive.app).get('/feed.atom').expect(200)).text).feed;
    expect(english['@xml:lang']).toBe('en');
    await request(archive.app).get('/feed.atom?lang=fr').expect(400);
  });

  it('the TimelineJS file carries its language and its own text in it', async () => {
    const res = await request(archive.app).get('/api/timelinejs.json?lang=kk').expect(200);
    expect(res.body.language).toBe('kk');
    expect(res.headers['content-language']).toBe('kk');
    expect(res.body.title.text.headline).toBe('Қазақстандағы 2022 жылғы Қаңтар оқиғалары туралы ресми мәлімдемелер');
    expect(res.body.events[0].text.text).toContain('?lang=kk');
  });

  it('the statements CSV holds the filtered statements, one row each, readable by Excel', async () => {
    const res = await request(archive.app).get('/api/statements.csv?from=2023-01-05&until=2023-01-05').expect(200).expect('Content-Type', /text\/csv/);
    expect(res.text.charCodeAt(0)).toBe(0xfeff);
    const ids = res.text.split('\n').slice(1).filter(Boolean).map((line) => line.split(',')[0]);
    expect(ids).toHaveLength(9);
    expect(ids).toContain('hearing-2023-01-05-asylov');
    const semicolons = await request(archive.app).get('/api/statements.csv?from=2023-01-05&until=2023-01-05&sep=semicolon').expect(200);
    expect(semicolons.text.split('\n')[0]).toBe('\ufeffid;publishedOn;publishedOnInferred;periodStart;periodEnd;status;kind;title;summary;speakerName;speakerRole;body;topics;figures;sources;url');
    // The Russian page links the variant its readers' Excel opens in columns.
    const ru = await request(archive.app).get('/?lang=ru').expect(200);
    expect(ru.text).toContain('href="/api/statements.csv?sep&#x3D;semicolon"');
  });

  it('keeps the date range in the links that page through a long timeline', async () => {
    await appendManyStatements(archive, 130);
    const res = await request(archive.app).get('/?from=2024-01-01').expect(200);
    expect(res.text).toContain('130 statements match these filters');
    // The latest page keeps the numbered pages' bounds: statements 101–130.
    expect(entryIds(res.text)).toHaveLength(30);
    const earlier = /<a href="([^"]+)" rel="prev">Earlier statements<\/a>/.exec(res.text)![1]!.replaceAll('&amp;', '&').replaceAll('&#x3D;', '=');
    expect(earlier).toContain('from=2024-01-01');
    const before = await request(archive.app).get(earlier).expect(200);
    expect(entryIds(before.text)).toHaveLength(100);
    expect(entryIds(before.text)[0]).toBe('bulk-0000');
  });
});
