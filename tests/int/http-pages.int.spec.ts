import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstDay } from '../../events/schema/dates.js';
import { loadArchiveDirectory } from '../../events/seed.js';
import { appendManyStatements, assertNoInlineCode, editorToken, newStatement, openTestArchive, type TestArchive } from './http-fixture.js';

let archive: TestArchive;
beforeAll(async () => {
  archive = await openTestArchive();
});
afterAll(() => archive.close());

describe('HTML pages', () => {
  it('serves the timeline with its visual timeline, month groups, filters and the amnesty law path', async () => {
    const res = await request(archive.app).get('/').expect(200).expect('Content-Type', /html/);
    expect(res.text).toContain('<ol class="tl">');
    expect(res.text).toContain('class="tl-period tl-period-period"');
    expect(res.text).toContain('class="tl-period tl-period-law"');
    expect(res.text).toContain('<a class="tl-event tl-event-law" href="/statements/tokayev-signs-amnesty-law-2022-11-02">Tokayev signs the amnesty law</a>');
    expect(res.text).toMatch(/<h3 id="month-2022-10">October 2022<\/h3>/);
    expect(res.text).toContain('Parliament approves the amnesty law');
    expect(res.text).toContain('≈ 1,700');
    assertNoInlineCode(res.text);
  });

  it('filters the timeline by topic, body and kind with GET parameters', async () => {
    const res = await request(archive.app).get('/?topic=amnesty-law').expect(200);
    expect(res.text).toContain('3 statements match');
    expect(res.text).not.toContain('Former National Security Committee');
    const byKind = await request(archive.app).get('/?kind=signing').expect(200);
    expect(byKind.text).toContain('1 statement match');
  });

  it('shows a statement in full, with figures, sources and history', async () => {
    const res = await request(archive.app).get('/statements/hearing-2023-01-05-asylov').expect(200);
    expect(res.text).toContain('Berik Asylov');
    expect(res.text).toContain('1,205');
    expect(res.text).toContain('Latest information and statistics');
    expect(res.text).toContain('Recorded in the archive');
    assertNoInlineCode(res.text);
  });

  it('shows the figures as of a date, with the change since the previous figure', async () => {
    const res = await request(archive.app).get('/figures?date=2023-01-05').expect(200);
    expect(res.text).toContain('Official figures as of 5 January 2023');
    expect(res.text).toContain('href="/api/figures.csv?date&#x3D;2023-01-05"');
    expect(res.text).toContain('was over 1,000 (27 October 2022)');
    assertNoInlineCode(res.text);
  });

  it('gives an honest empty state for a date before any figure', async () => {
    const res = await request(archive.app).get('/figures?date=2021-06-01').expect(200);
    expect(res.text).toContain('No official figure refers to 1 June 2021 or earlier');
    // The link goes to the first day any seed figure describes, read from the seed files themselves.
    const [first] = loadArchiveDirectory()
      .flatMap((e) => (e.type === 'StatementPublished' ? e.data.figures.map((f) => firstDay(f.asOf)) : []))
      .sort();
    expect(res.text).toContain(`<a href="/figures?date&#x3D;${first}">see the figures as of that day</a>`);
  });

  it('draws a metric history chart with hollow markers for qualified values', async () => {
    const res = await request(archive.app).get('/metrics/amnesty-covered').expect(200);
    expect(res.text).toContain('<svg class="metric-chart chart-wide"');
    expect(res.text).toContain('chart-point point-qualified');
    // "over 1,000" has no upper bound: its band runs to the top of the chart, with an arrow.
    expect(res.text).toContain('class="range-band"');
    expect(res.text).toContain('class="range-open"');
    assertNoInlineCode(res.text);
  });

  it('serves /about, /metrics and the stylesheet', async () => {
    const about = await request(archive.app).get('/about').expect(200);
    expect(about.text).toContain('between 1,650 and 1,750');
    await request(archive.app).get('/metrics').expect(200);
    await request(archive.app).get('/static/style.css').expect(200).expect('Content-Type', /css/);
  });

  it('answers 404 as HTML, JSON or text as the client asks', async () => {
    const html = await request(archive.app).get('/nowhere').set('Accept', 'text/html').expect(404);
    expect(html.text).toContain('Page not found');
    const json = await request(archive.app).get('/nowhere').set('Accept', 'application/json').expect(404);
    expect(json.body).toEqual({ error: 'Not found', path: '/nowhere' });
    const text = await request(archive.app).get('/nowhere').set('Accept', 'text/plain').expect(404);
    expect(text.type).toBe('text/plain');
    await request(archive.app).get('/statements/no-such-statement').set('Accept', 'text/html').expect(404);
    await request(archive.app).get('/metrics/no-such-metric').set('Accept', 'text/html').expect(404);
  });

  it('answers 400 naming the parameter for an invalid date or position, never 500', async () => {
    for (const [url, param] of [
      ['/figures?date=2023-02-30', 'date'],
      ['/figures?date=2023-01-05&known=yesterday', 'known'],
      ['/figures?at=-1', 'at'],
      ['/?at=abc', 'at'],
      ['/statements/hearing-2023-01-05-asylov?at=99999999', 'at'],
      ['/figures?date=2023-01-05&date=2023-01-06', 'date'],
    ] as const) {
      const res = await request(archive.app).get(url).set('Accept', 'text/html');
      expect(res.status, url).toBe(400);
      expect(res.text, url).toContain(`<code>${param}</code>`);
    }
  });

  it('sends helmet headers with a CSP that allows no inline script or style', async () => {
    const res = await request(archive.app).get('/').expect(200);
    const csp = res.headers['content-security-policy'];
    // Scripts only as the archive's own files (the figures filter, the embed code's copy button).
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('escapes stored text everywhere it is shown', async () => {
    const evil = '<script>alert(1)</script><img src=x onerror=alert(2)>';
    await request(archive.app)
      .post('/api/statements')
      .set('Authorization', `Bearer ${editorToken}`)
      .send(newStatement('escaping-check', { title: evil, summary: evil, quote: evil, figures: [] }))
      .expect(201);
    for (const url of ['/', '/statements/escaping-check']) {
      const res = await request(archive.app).get(url).expect(200);
      expect(res.text).not.toContain('<script>alert');
      expect(res.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      assertNoInlineCode(res.text);
    }
  });

  it('shows a page pinned at an earlier log position, and says so', async () => {
    const res = await request(archive.app).get('/?at=3').expect(200);
    expect(res.text).toContain('as the archive held it at log position 3');
    expect(res.text).toContain('0 statements');
  });
});

/** The href of the pager link with this rel, as a browser would follow it. */
const hrefOf = (html: string, rel: 'prev' | 'next') =>
  new RegExp(`<a href="([^"]+)" rel="${rel}">`).exec(html)![1]!.replaceAll('&amp;', '&').replaceAll('&#x3D;', '=');
/** The statements a timeline page lists, by the links of their titles. */
const entryIds = (html: string) => [...html.matchAll(/<h4 class="entry-title"><a href="\/statements\/([^"?]+)/g)].map((m) => m[1]);

describe('timeline pages on an archive of more than one page', () => {
  let big: TestArchive;
  beforeAll(async () => {
    big = await openTestArchive();
    await appendManyStatements(big, 150);
  });
  afterAll(() => big.close());

  it('opens on the latest page, with the total and a link to earlier statements', async () => {
    const res = await request(big.app).get('/').expect(200);
    // 16 seed statements + 150: two pages of 100, the latest shown first.
    expect(res.text).toContain('166 statements, in the order');
    expect(res.text).toContain('Statements 101–166 of 166, page 2 of 2.');
    expect(res.text).not.toContain('rel="next"');
    expect(res.text).toContain('Update bulk-0149');
    expect(res.text).not.toContain('Update bulk-0049');
    assertNoInlineCode(res.text);
    // "Earlier" leads by cursor to what page 1 holds, and back by cursor to what the latest page holds.
    const earlier = await request(big.app).get(hrefOf(res.text, 'prev')).expect(200);
    expect(entryIds(earlier.text)).toEqual(entryIds((await request(big.app).get('/?page=1').expect(200)).text));
    expect(earlier.text).toContain('100 of 166 statements, from 4 January 2022 to');
    const later = await request(big.app).get(hrefOf(earlier.text, 'next')).expect(200);
    expect(entryIds(later.text)).toEqual(entryIds(res.text));
  });

  it('serves the earliest page with the seed archive and a link back to the latest', async () => {
    const res = await request(big.app).get('/?page=1').expect(200);
    expect(res.text).toContain('Statements 1–100 of 166, page 1 of 2.');
    expect(res.text).toContain('rel="next"');
    expect(res.text).toContain('hearing-2023-01-05-asylov');
    expect(res.text).toContain('Update bulk-0000');
    expect(res.text).not.toContain('Update bulk-0149');
  });

  it('pages within the filters, keeping them in the links', async () => {
    const first = await request(big.app).get('/?topic=convictions&page=1').expect(200);
    expect(first.text).toContain('Statements 1–100 of 152, page 1 of 2.');
    expect(hrefOf(first.text, 'next')).toMatch(/^\/\?topic=convictions&after=[\w-]+$/);
    const later = await request(big.app).get(hrefOf(first.text, 'next')).expect(200);
    expect(entryIds(later.text)).toEqual(entryIds((await request(big.app).get('/?topic=convictions').expect(200)).text));
    // A page reached by cursor is read at the position the cursor was made at, and its other links keep it.
    expect(later.text).toContain(`href="/?at&#x3D;${await big.head()}&amp;topic&#x3D;convictions&amp;page&#x3D;1">Earliest</a>`);
    const latest = await request(big.app).get('/?topic=convictions').expect(200);
    expect(hrefOf(latest.text, 'prev')).toMatch(/^\/\?topic=convictions&before=[\w-]+$/);
    const law = await request(big.app).get('/?topic=amnesty-law').expect(200);
    expect(law.text).toContain('3 statements match');
    expect(law.text).not.toContain('class="pager"');
  });

  it('refuses a page that is not a page, naming the parameter', async () => {
    for (const url of ['/?page=0', '/?page=abc', '/?page=3']) {
      const res = await request(big.app).get(url).set('Accept', 'application/json');
      expect(res.status, url).toBe(400);
      expect(JSON.stringify(res.body), url).toContain('page');
    }
  });

  it('pages /api/statements with limit and offset and says how many there are', async () => {
    const all = await request(big.app).get('/api/statements').expect(200);
    expect(all.body.total).toBe(166);
    expect(all.body.statements).toHaveLength(166);
    const window = await request(big.app).get('/api/statements?limit=10&offset=160').expect(200);
    expect(window.body).toMatchObject({ total: 166, offset: 160, limit: 10 });
    expect(window.body.statements.map((s: { id: string }) => s.id)).toEqual(all.body.statements.slice(160, 170).map((s: { id: string }) => s.id));
    for (const url of ['/api/statements?limit=0', '/api/statements?limit=501', '/api/statements?offset=-1']) {
      const res = await request(big.app).get(url);
      expect(res.status, url).toBe(400);
      expect(JSON.stringify(res.body), url).toMatch(/limit|offset/);
    }
  });
});
