import { XMLParser, XMLValidator } from 'fast-xml-parser';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { editorToken, newStatement, openTestArchive, type TestArchive } from './http-fixture.js';

let archive: TestArchive;
/** The archive's public address: absolute links (citations, embed codes, oEmbed) are made with it. */
const origin = 'https://qantar.example';
beforeAll(async () => {
  archive = await openTestArchive({ app: { publicUrl: origin } });
});
afterAll(() => archive.close());

const bom = '\uFEFF';
/** The raw bytes of an answer, whatever its type: supertest parses only text. */
const binary = (req: request.Test) =>
  req.buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  });

describe('a metric chart', () => {
  it('writes each value on its point, names its unit on the axis and gives a source line and downloads', async () => {
    const res = await request(archive.app).get('/metrics/amnesty-granted').expect(200);
    const values = [...res.text.matchAll(/<text class="value-label"[^>]*>([^<]+)<\/text>/g)].map((m) => m[1]);
    expect(values.length).toBeGreaterThan(0);
    expect(res.text).toMatch(/<text class="axis-unit"[^>]*>People<\/text>/);
    expect(res.text).toMatch(/<p class="chart-source">Source: official statements/);
    expect(res.text).toContain('href="/metrics/amnesty-granted.png?lang&#x3D;en"');
    expect(res.text).toContain('sep&#x3D;semicolon');
  });

  /** The metrics drawn on the page's "beside related metrics" chart (its wide drawing). */
  const compared = (html: string) => {
    const chart = /<svg[^>]*aria-labelledby="compare-wide-title[\s\S]*?<\/svg>/.exec(html)?.[0] ?? '';
    return [...chart.matchAll(/<g class="chart-series" data-metric="([^"]+)"/g)].map((m) => m[1]);
  };

  it('draws a metric with its parts on one chart, each line named in the legend', async () => {
    const res = await request(archive.app).get('/metrics/amnesty-granted').expect(200);
    // amnesty-sentences-reduced-serious is a part of amnesty-granted in the catalogue.
    expect(compared(res.text)).toEqual(['amnesty-granted', 'amnesty-sentences-reduced-serious']);
    expect(res.text).toMatch(/<a href="\/metrics\/amnesty-sentences-reduced-serious"><span lang="en">/);
  });

  it('draws a metric that has no parts beside its whole', async () => {
    const res = await request(archive.app).get('/metrics/law-enforcement-amnestied').expect(200);
    expect(compared(res.text)).toEqual(['law-enforcement-amnestied', 'law-enforcement-criminally-liable']);
  });

  it('speaks Russian on a Russian page: axis unit, source line and numbers', async () => {
    const res = await request(archive.app).get('/metrics/amnesty-granted?lang=ru').expect(200);
    expect(res.text).toMatch(/<text class="axis-unit"[^>]*>Человек<\/text>/);
    expect(res.text).toContain('Источник: официальные заявления');
    expect(res.text).not.toContain('Every figure given');
    // The table's speaker and statement through the archive's translations, never an object's name.
    expect(res.text).not.toContain('[object Object]');
    // This archive holds the seed alone, without its translations: the body falls back to English, marked so.
    expect(res.text).toContain('<span class="speaker-body" lang="en">Prosecutor General’s Office</span>');
  });

  it('downloads as an SVG document that parses, with its source and permalink in it', async () => {
    const res = await binary(request(archive.app).get('/metrics/amnesty-granted.svg')).expect(200);
    expect(res.headers['content-type']).toMatch(/^image\/svg\+xml/);
    const text = (res.body as Buffer).toString('utf8');
    expect(XMLValidator.validate(text)).toBe(true);
    const svg = new XMLParser({ ignoreAttributes: false }).parse(text).svg;
    expect(svg['@_xmlns']).toBe('http://www.w3.org/2000/svg');
    expect(text).toContain('Source: official statements as recorded by the Qantar archive');
    expect(text.replace(/&#x3D;/g, '=')).toMatch(/Permalink: https:\/\/qantar\.example\/metrics\/amnesty-granted\?at=\d+/);
  });

  it('downloads as a PNG drawn on the server', async () => {
    const res = await binary(request(archive.app).get('/metrics/amnesty-granted.png?lang=kk')).expect(200);
    expect(res.headers['content-type']).toBe('image/png');
    const png = res.body as Buffer;
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    // IHDR width: the 720-unit chart at twice its size.
    expect(png.readUInt32BE(16)).toBe(1440);
  });

  it('downloads as CSV with a byte-order mark, and as ;-separated CSV for Excel', async () => {
    const plain = await request(archive.app).get('/metrics/amnesty-granted.csv').expect(200);
    expect(plain.text.startsWith(`${bom}metric,label,asOf,value`)).toBe(true);
    const excel = await request(archive.app).get('/metrics/amnesty-granted.csv?sep=semicolon&lang=ru').expect(200);
    expect(excel.text.startsWith(`${bom}metric;label;asOf;value`)).toBe(true);
    expect(excel.headers['content-disposition']).toContain('qantar-amnesty-granted-excel.csv');
  });

  it('refuses a bad separator, naming the field', async () => {
    const res = await request(archive.app).get('/metrics/amnesty-granted.csv?sep=tab').set('Accept', 'application/json').expect(400);
    expect(JSON.stringify(res.body)).toContain('sep');
  });

  it('escapes stored text in the downloaded SVG, which stays a well-formed document', async () => {
    const evil = '<script>alert(1)</script> & <a href="javascript:x">';
    await request(archive.app)
      .post('/api/statements')
      .set('Authorization', `Bearer ${editorToken}`)
      .send(newStatement('svg-escaping', { title: evil, publishedOn: '2023-02-01', figures: [{ metric: 'law-enforcement-amnestied', value: 7, unit: 'persons', wording: evil }] }))
      .expect(201);
    const text = (await binary(request(archive.app).get('/metrics/law-enforcement-amnestied.svg')).expect(200)).body.toString('utf8');
    expect(XMLValidator.validate(text)).toBe(true);
    expect(text).not.toContain('<script');
    expect(text).toContain('&lt;script&gt;');
  });

  it('answers 404 for a metric the archive lacks, in every format', async () => {
    for (const url of ['/metrics/no-such.svg', '/metrics/no-such.png', '/metrics/no-such.csv', '/embed/metrics/no-such']) {
      await request(archive.app).get(url).set('Accept', 'text/html').expect(404);
    }
  });
});

describe('the figures CSV for Excel', () => {
  it('starts with a byte-order mark; the ; variant writes decimal commas where the language does', async () => {
    const plain = await request(archive.app).get('/api/figures.csv?date=2023-01-05').expect(200);
    expect(plain.text.startsWith(`${bom}metric,label,topic,value`)).toBe(true);
    const ru = await request(archive.app).get('/api/figures.csv?date=2023-01-05&sep=semicolon&lang=ru').expect(200);
    const [header, ...rows] = ru.text.slice(1).trim().split('\n');
    expect(header).toMatch(/^metric;label;topic;value;qualifier;lower;upper;unit/);
    expect(rows.length).toBeGreaterThan(0);
    // approximately 1,700 reads as between 1,650 and 1,750: whole numbers, no decimal sign; a half would be "0,5".
    expect(rows.every((r) => !/;\d+\.\d+;/.test(r))).toBe(true);
  });
});

describe('embeds', () => {
  it('lets /embed/* alone be framed by any site', async () => {
    const embed = await request(archive.app).get('/embed/metrics/amnesty-granted').expect(200);
    expect(embed.headers['content-security-policy']).toMatch(/frame-ancestors \*/);
    expect(embed.headers['x-frame-options']).toBeUndefined();
    expect(embed.text).toContain('class="value-label"');
    expect(embed.text).toMatch(/Permalink:/);
    for (const url of ['/', '/figures', '/metrics/amnesty-granted', '/oembed?url=/']) {
      const res = await request(archive.app).get(url);
      expect(res.headers['content-security-policy'], url).toMatch(/frame-ancestors 'none'/);
      expect(res.headers['x-frame-options'], url).toBe('DENY');
    }
  });

  it('embeds the timeline with its filters, through the timeline’s own chart', async () => {
    const res = await request(archive.app).get('/embed/timeline?topic=amnesty').expect(200);
    expect(res.headers['content-security-policy']).toMatch(/frame-ancestors \*/);
    expect(res.text).toContain('class="tl-figure"');
    expect(res.text).not.toContain('class="site-header"');
  });

  it('answers oEmbed for a metric page, and the page names its oEmbed', async () => {
    const page = await request(archive.app).get('/metrics/amnesty-granted').expect(200);
    const discovery = /<link rel="alternate" type="application\/json\+oembed" href="([^"]+)"/.exec(page.text);
    expect(discovery).not.toBeNull();
    const href = discovery![1]!.replace(/&amp;/g, '&').replace(/&#x3D;/g, '=');
    const res = await request(archive.app).get(href).expect(200);
    expect(res.body).toMatchObject({ version: '1.0', type: 'rich', provider_name: 'Qantar', width: 720, height: 640, title: 'Persons granted amnesty' });
    expect(res.body.html).toMatch(/^<iframe src="https:\/\/qantar\.example\/embed\/metrics\/amnesty-granted\?lang=en" width="720" height="640" title="Persons granted amnesty"/);
  });

  it('refuses oEmbed for another site or a page with no embed', async () => {
    await request(archive.app).get('/oembed?url=https://example.org/metrics/deaths').set('Accept', 'application/json').expect(404);
    await request(archive.app).get(`/oembed?url=${encodeURIComponent(`${origin}/about`)}`).set('Accept', 'application/json').expect(404);
    await request(archive.app).get('/oembed').set('Accept', 'application/json').expect(400);
  });
});
