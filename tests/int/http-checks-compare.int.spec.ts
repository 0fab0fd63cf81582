import { XMLParser, XMLValidator } from 'fast-xml-parser';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendArchiveEvents } from '../../src/domain/append.js';
import { waitForReadModel } from '../../src/http/wait.js';
import { toArchiveEvent } from '../../events/validate.js';
import { assertNoInlineCode, editorToken, newStatement, openTestArchive, type TestArchive } from './http-fixture.js';

let archive: TestArchive;
let app: TestArchive['app'];
beforeAll(async () => {
  // The public address, as QANTAR_PUBLIC_URL gives it: absolute links in the feed, TimelineJS and citations use it.
  archive = await openTestArchive({ app: { publicUrl: 'https://qantar.example/' } });
  app = archive.app;
});
afterAll(() => archive.close());

const issuePaths = (body: { issues?: { path: string }[] }) => body.issues?.map((i) => i.path);

describe('/checks', () => {
  it('shows the seed’s contradiction with its figures, wording, statements and source phrase', async () => {
    const res = await request(app).get('/checks?date=2024-01-01').expect(200).expect('Content-Type', /html/);
    expect(res.text).toContain('Injured + People killed exceed Victims of the January events');
    expect(res.text).toContain('5,393');
    expect(res.text).toContain('“including 5,155 injured”');
    expect(res.text).toContain('href="/statements/hearing-2023-01-05-law-enforcement"');
    expect(res.text).toContain('5,387 people fell victim to the January events');
    expect(res.text).toContain('href="/api/checks.csv?date&#x3D;2024-01-01"');
    assertNoInlineCode(res.text);
    const before = await request(app).get('/checks?date=2022-12-31').expect(200);
    expect(before.text).toContain('agree with every declared relation');
  });

  it('answers JSON and CSV, with positions as strings', async () => {
    const res = await request(app).get('/api/checks?date=2024-01-01').expect(200).expect('Content-Type', /json/);
    expect(res.body).toMatchObject({ date: '2024-01-01', known: null, at: await archive.head() });
    expect(res.body.findings).toHaveLength(1);
    expect(res.body.findings[0]).toMatchObject({ relation: 'injured-and-killed-among-victims', kind: 'subset', date: '2023-01-05', holds: true, gap: 6 });
    expect(typeof res.body.findings[0].figures[0].position).toBe('string');
    const csv = await request(app).get('/api/checks.csv?date=2024-01-01').expect(200).expect('Content-Type', /text\/csv/);
    expect(csv.text.split('\n')[0]).toMatch(/^relation,kind,date,until,holds/);
    expect(csv.text).toContain('injured-and-killed-among-victims,subset,2023-01-05,,true,persons,0,5387,5393,5393,6');
  });

  it('refuses a bad date or position with a 400 naming the parameter', async () => {
    expect(issuePaths((await request(app).get('/api/checks?date=2023-02-30').expect(400)).body)).toEqual(['date']);
    expect(issuePaths((await request(app).get('/api/checks?known=yesterday').expect(400)).body)).toEqual(['known']);
    expect(issuePaths((await request(app).get('/api/checks?at=-1').expect(400)).body)).toEqual(['at']);
    expect(issuePaths((await request(app).get('/api/checks?at=99999999').expect(400)).body)).toEqual(['at']);
    const page = await request(app).get('/checks?date=nope').set('Accept', 'text/html').expect(400);
    expect(page.text).toContain('<code>date</code>');
  });
});

describe('/figures marks the rows of an open finding', () => {
  it('notes the finding beside each involved row, linking to /checks with the same date, known and at', async () => {
    const at = await archive.head();
    const res = await request(app).get(`/figures?date=2023-01-05&known=2023-01-05&at=${at}`).expect(200);
    const notes = [...res.text.matchAll(/<p class="finding-note">[\s\S]*?<\/p>/g)].map((m) => m[0]);
    expect(notes).toHaveLength(3); // injured, people killed, victims
    for (const note of notes) {
      expect(note).toContain(`href="/checks?date&#x3D;2023-01-05&amp;known&#x3D;2023-01-05&amp;at&#x3D;${at}#holding-injured-and-killed-among-victims"`);
      expect(note).toContain('Injured + People killed exceed Victims of the January events');
    }
    // Before the contradicting figures were given, no row is marked.
    expect((await request(app).get('/figures?date=2022-12-31').expect(200)).text).not.toContain('finding-note');
  });

  it('on a later date with the same figures, shows that date and links the finding to the checks of the day the figures describe', async () => {
    // The table itself: the filter form and the download links above it carry the date asked for.
    const table = (html: string) => html.slice(html.indexOf('<table'), html.lastIndexOf('</table>'));
    const onTheDay = await request(app).get('/figures?date=2023-01-05').expect(200);
    const later = await request(app).get('/figures?date=2027-03-12').expect(200);
    expect(later.text).toContain('Official figures as of 12 March 2027');
    expect(later.text).toContain('href="/checks?date&#x3D;2027-03-12"'); // the summary: the checks on the date asked
    expect(table(later.text)).toBe(table(onTheDay.text));
    const note = /<p class="finding-note">[\s\S]*?href="([^"]+)"/.exec(later.text)![1]!.replaceAll('&#x3D;', '=').replaceAll('&amp;', '&');
    expect(note).toBe('/checks?date=2023-01-05#holding-injured-and-killed-among-victims');
    // That link's page holds the same finding, under the anchor the note names.
    expect((await request(app).get(note.split('#')[0]!).expect(200)).text).toContain('id="holding-injured-and-killed-among-victims"');
    // A date with other figures in force gets its own table, whatever was rendered before.
    const earlier = await request(app).get('/figures?date=2022-10-30').expect(200);
    expect(table(earlier.text)).not.toBe(table(onTheDay.text));
    expect(earlier.text).not.toContain('finding-note');
  });
});

describe('every page: navigation, the feed and the cite block', () => {
  it('links /checks, /compare, /history and the Atom feed, and cites the page at its position', async () => {
    const at = await archive.head();
    const res = await request(app).get('/checks?date=2024-01-01').expect(200);
    for (const path of ['/checks', '/compare', '/history']) expect(res.text).toContain(`<li><a href="${path}"`);
    expect(res.text).toContain('aria-current="page">Checks</a>');
    expect(res.text).toContain('<link rel="alternate" type="application/atom+xml" title="Qantar: new official statements" href="/feed.atom">');
    expect(res.text).toContain(`<a class="cite-url" href="/checks?date&#x3D;2024-01-01&amp;at&#x3D;${at}&amp;lang&#x3D;en">https://qantar.example/checks?date&#x3D;2024-01-01&amp;at&#x3D;${at}&amp;lang&#x3D;en</a>`);
    expect(res.text).toMatch(/Archive date: <time datetime="[^"]+Z">\d{1,2} \w+ \d{4}, \d\d:\d\d \(UTC\+5\)<\/time>/);
    expect(res.text).toContain(`@misc{qantar-checks-${at},`);
    expect(res.text).toContain('title        &#x3D; {{Consistency checks as of 1 January 2024}}');
    expect(res.text).toContain(`note         &#x3D; {Qantar, archive of official statements on the January 2022 events in Kazakhstan, log position ${at}, recorded`);
    expect(res.text).toContain('urldate      &#x3D; {2024-03-01}');
    expect(res.text).toContain(`“Consistency checks as of 1 January 2024” (log position ${at}, recorded`);
    // A pinned page cites the position it was asked for, not the head.
    const pinned = await request(app).get('/history?at=10').expect(200);
    expect(pinned.text).toContain('href="/history?at&#x3D;10&amp;lang&#x3D;en">https://qantar.example/history?at&#x3D;10&amp;lang&#x3D;en</a>');
    expect(pinned.text).toContain('@misc{qantar-history-10,');
    // Error pages cite nothing.
    expect((await request(app).get('/nowhere').set('Accept', 'text/html').expect(404)).text).not.toContain('Cite this page');
  });

  it('escapes a hostile title in the BibTeX and plain-text citations', async () => {
    const title = 'Draft {50%} & <i>x_1</i> \\end';
    await request(app).post('/api/statements').set('Authorization', `Bearer ${editorToken}`).send(newStatement('cite-escaping', { title, figures: [] })).expect(201);
    const res = await request(app).get('/statements/cite-escaping').expect(200);
    expect(res.text).toMatch(/@misc\{qantar-statements-cite-escaping-\d+,/);
    // TeX-escaped for BibTeX, then HTML-escaped by the template: nothing of it becomes markup.
    expect(res.text).toContain('title        &#x3D; {{Draft \\{50\\%\\} \\&amp; &lt;i&gt;x\\_1&lt;/i&gt; \\textbackslash{}end}}');
    expect(res.text).toContain('“Draft {50%} &amp; &lt;i&gt;x_1&lt;/i&gt; \\end” (log position');
    assertNoInlineCode(res.text);
  });

  it('explains citing, permalinks and the newer-version rule on /about, and serves the export checker', async () => {
    const about = await request(app).get('/about').expect(200);
    expect(about.text).toContain('<h2 id="citing">Citing a page, permalinks and newer versions</h2>');
    expect(about.text).toContain('A newer version of this page exists');
    expect(about.text).toContain('https://qantar.example/figures?date&#x3D;2023-01-05&amp;at&#x3D;');
    expect(about.text).toContain('<a href="/verify-export.py"><code>verify-export.py</code></a>');
    const script = await request(app).get('/verify-export.py').expect(200).expect('Content-Type', /text\/plain/);
    expect(script.text).toMatch(/^#!\/usr\/bin\/env python3/);
  });

  it('refuses to start with a public address that is not http(s)', async () => {
    const { createApp } = await import('../../src/http/app.js');
    const context = { store: archive.store, readModel: archive.readModel, reader: archive.reader, editors: [], now: () => new Date() };
    expect(() => createApp(context, { publicUrl: 'javascript:alert(1)' })).toThrow(/QANTAR_PUBLIC_URL/);
  });
});

describe('/compare', () => {
  it('shows a form until it has two dates, then the changes', async () => {
    expect((await request(app).get('/compare').expect(200)).text).toContain('Choose two dates');
    const res = await request(app).get('/compare?from=2022-11-01&to=2023-01-05').expect(200);
    expect(res.text).toContain('Persons convicted');
    expect(res.text).toContain('First figure');
    assertNoInlineCode(res.text);
  });

  it('answers JSON and CSV, and needs both dates', async () => {
    const res = await request(app).get('/api/compare?from=2022-11-01&to=2023-01-05').expect(200);
    expect(res.body.changes.find((c: { metric: string }) => c.metric === 'persons-convicted')).toMatchObject({ change: 'appeared', new: { value: 1205 } });
    await request(app).get('/api/compare.csv?from=2022-11-01&to=2023-01-05').expect(200).expect('Content-Type', /text\/csv/);
    expect(issuePaths((await request(app).get('/api/compare?to=2023-01-05').expect(400)).body)).toEqual(['from']);
    expect(issuePaths((await request(app).get('/api/compare?from=2022-11-01&to=2023-13-01').expect(400)).body)).toEqual(['to']);
  });
});

describe('/history and the exports', () => {
  it('lists the log newest first, a page at a time', async () => {
    const head = await archive.head();
    const first = await request(app).get('/history?limit=10').expect(200);
    expect(first.text).toContain(`<th scope="row">${head}</th>`);
    const next = /href="(\/history\?[^"]*before[^"]*)"/.exec(first.text)![1]!.replaceAll('&amp;', '&').replaceAll('&#x3D;', '=');
    expect(next).toContain(`before=${Number(head) - 9}`);
    const second = await request(app).get(next).expect(200);
    expect(second.text).toContain(`<th scope="row">${Number(head) - 10}</th>`);
    expect(second.text).not.toContain(`<th scope="row">${Number(head) - 9}</th>`);
    assertNoInlineCode(second.text);
    expect(second.text).toContain('<nav class="pager" aria-label="History pages">');
    expect(issuePaths((await request(app).get('/history?before=x').set('Accept', 'application/json').expect(400)).body)).toEqual(['before']);
  });

  it('streams the log as NDJSON, whole or up to a position', async () => {
    const res = await request(app).get('/api/export.ndjson').expect(200).expect('Content-Type', /ndjson/);
    const lines = res.text.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(Number(await archive.head()));
    expect(lines[0]).toMatchObject({ revision: '0', position: '1' });
    const upTo = await request(app).get('/api/export.ndjson?at=10').expect(200);
    expect(upTo.text.trim().split('\n')).toHaveLength(10);
  });

  it('serves TimelineJS JSON and an Atom feed with absolute links', async () => {
    const timeline = await request(app).get('/api/timelinejs.json').expect(200);
    expect(timeline.body.events.find((e: { unique_id: string }) => e.unique_id === 'unrest-2022-01-04').end_date).toEqual({ year: 2022, month: 1, day: 7 });
    expect(timeline.body.events[0].text.text).toContain('https://qantar.example/statements/');
    const feed = await request(app).get('/feed.atom').expect(200).expect('Content-Type', /application\/atom\+xml/);
    expect(XMLValidator.validate(feed.text)).toBe(true);
    const parsed = new XMLParser({ ignoreAttributes: false }).parse(feed.text);
    expect(parsed.feed.entry.length).toBeGreaterThan(10);
  });

  it('escapes a hostile statement everywhere, and an old position still shows the archive as it was', async () => {
    const before = await archive.head();
    const hostile = '<script>alert(1)</script>';
    const event = toArchiveEvent({
      type: 'StatementPublished',
      data: newStatement('hostile-update', {
        title: hostile,
        figures: [{ metric: 'deaths-police-military', value: 300, unit: 'persons', asOf: '2023-02-01', wording: hostile }],
      }),
    });
    const [appended] = await appendArchiveEvents(archive.store, [event], { via: 'api' });
    await waitForReadModel(archive.readModel, appended!.position);
    const checks = await request(app).get('/checks?date=2024-01-01').expect(200);
    expect(checks.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    assertNoInlineCode(checks.text);
    const api = await request(app).get('/api/checks?date=2024-01-01').expect(200);
    expect(api.body.findings.map((f: { relation: string }) => f.relation)).toContain('police-military-among-killed');
    const pinned = await request(app).get(`/api/checks?date=2024-01-01&at=${before}`).expect(200);
    expect(pinned.body.findings).toHaveLength(1);
    for (const path of ['/history', '/compare?from=2023-01-05&to=2023-03-01']) assertNoInlineCode((await request(app).get(path).expect(200)).text);
    const changed = await request(app).get('/compare?from=2023-01-05&to=2023-03-01').expect(200);
    expect(changed.text).toContain('<h2 id="compare-changed">Changed <span class="count">(1)</span></h2>');
    expect(changed.text).toMatch(/Police and military personnel killed[\s\S]*?19[\s\S]*?300[\s\S]*?\+281/);
    const feed = await request(app).get('/feed.atom').expect(200);
    expect(feed.text).not.toContain('<script>');
  });
});
