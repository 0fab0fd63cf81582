import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadArchiveDirectory, translationsDirectory } from '../../events/seed.js';
import type { ArchiveEvent } from '../../events/types.js';
import { appendArchiveEvents } from '../../src/domain/append.js';
import { waitForReadModel } from '../../src/http/wait.js';
import { assertNoInlineCode, editorToken, newStatement, openTestArchive, type TestArchive } from './http-fixture.js';

/** The seed, and the archive's own Russian and Kazakh translations of its statements and metrics. */
export async function openTranslatedSeed(): Promise<TestArchive> {
  const archive = await openTestArchive();
  const seed = loadArchiveDirectory();
  const ids = new Set(seed.map((e) => ('id' in e.data ? e.data.id : undefined)));
  const translations = loadArchiveDirectory(translationsDirectory).filter(
    (e: ArchiveEvent) => e.type === 'TextTranslated' && (e.data.subject === 'statement' || e.data.subject === 'metric') && ids.has(e.data.id),
  );
  const appended = await appendArchiveEvents(archive.store, translations, { via: 'import' });
  await waitForReadModel(archive.readModel, BigInt(appended.at(-1)!.position));
  return archive;
}

let archive: TestArchive;
beforeAll(async () => {
  archive = await openTranslatedSeed();
});
afterAll(() => archive.close());

type Result = { kind: string; id: string; lang: string; url: string; text: string; title: { text: string; match: boolean }[] };
const search = async (query: string) => (await request(archive.app).get(`/api/search?${query}`).expect(200)).body as { total: number; next: string | null; at: string; results: Result[] };
const matched = (r: Result) => r.title.filter((s) => s.match).map((s) => s.text);

describe('GET /api/search', () => {
  it('finds the amnesty proposal by a word of its Russian translation, of its Kazakh one, and of its English text', async () => {
    const ru = await search(`q=${encodeURIComponent('единовременную')}`);
    // The title's match weighs more than a summary's: the proposal itself comes first.
    expect(ru.results.map((r) => [r.kind, r.id, r.lang])[0]).toEqual(['statement', 'tokayev-address-2022-09-01', 'ru']);
    expect(ru.results.every((r) => r.lang === 'ru')).toBe(true);
    expect(ru.results[0]).toMatchObject({ url: '/statements/tokayev-address-2022-09-01', text: 'Токаев предлагает единовременную амнистию' });
    expect(matched(ru.results[0]!)).toEqual(['единовременную']);
    const kk = await search(`q=${encodeURIComponent('ҚАСЫМ-ЖОМАРТ')}&lang=kk`);
    expect(kk.results.map((r) => r.id)).toContain('tokayev-address-2022-09-01');
    const en = await search('q=proposes&lang=en');
    expect(en.results.map((r) => [r.kind, r.id, r.lang])).toEqual([['statement', 'tokayev-address-2022-09-01', 'en']]);
  });

  it('takes a prefix for Russian inflections: амнист* finds амнистию and амнистии', async () => {
    const all = await search(`q=${encodeURIComponent('амнист*')}&lang=ru&limit=100`);
    const words = new Set(all.results.flatMap((r) => [...matched(r), ...r.title.filter((s) => s.match).map((s) => s.text.toLowerCase())]));
    expect(all.total).toBeGreaterThan(2);
    expect([...words].some((w) => w.toLowerCase().startsWith('амнисти'))).toBe(true);
    expect((await search(`q=${encodeURIComponent('амнистию')}&lang=ru`)).total).toBeLessThan(all.total);
  });

  it('filters by kind, topic and publication dates; metrics by their Russian label', async () => {
    const metrics = await search(`q=${encodeURIComponent('амнист*')}&kind=metric`);
    expect(metrics.total).toBeGreaterThan(0);
    expect(metrics.results.every((r) => r.kind === 'metric' && r.url.startsWith('/metrics/'))).toBe(true);
    const sources = await search('q=Latest+information&kind=source');
    expect(sources.results.length).toBeGreaterThan(0);
    expect(sources.results.every((r) => r.kind === 'source')).toBe(true);
    const hearing = await search('q=Asylov&from=2023-01-05&to=2023-01-05&kind=statement');
    expect(hearing.results.map((r) => r.id)).toContain('hearing-2023-01-05-asylov');
    expect((await search('q=Asylov&to=2022-12-31&kind=statement')).results.map((r) => r.id)).not.toContain('hearing-2023-01-05-asylov');
    const amnestyLaw = await search('q=amnesty&topic=amnesty-law&kind=statement&lang=en');
    expect(amnestyLaw.total).toBe(3);
  });

  it('pages by cursor at the log position the search began at, whatever is appended meanwhile', async () => {
    const first = await search('q=amnesty&limit=2');
    expect(first.results).toHaveLength(2);
    await request(archive.app)
      .post('/api/statements')
      .set('Authorization', `Bearer ${editorToken}`)
      .send(newStatement('amnesty-update-search', { title: 'Amnesty update appended while paging' }))
      .expect(201);
    const pages = [...first.results];
    let next = first.next;
    while (next) {
      const page = await search(`q=amnesty&limit=2&after=${next}`);
      expect(page.total).toBe(first.total);
      expect(page.at).toBe(first.at);
      pages.push(...page.results);
      next = page.next;
    }
    expect(pages).toHaveLength(first.total);
    expect(new Set(pages.map((r) => `${r.kind}:${r.id}:${r.lang}:${r.text}`)).size).toBe(first.total);
    expect(pages.map((r) => r.id)).not.toContain('amnesty-update-search');
    expect((await search('q=amnesty&limit=100')).results.map((r) => r.id)).toContain('amnesty-update-search');
  });

  it('refuses a bad query with 400, naming the parameter', async () => {
    const issue = async (query: string) => {
      const res = await request(archive.app).get(`/api/search?${query}`).expect(400);
      return (res.body as { issues: { path: string }[] }).issues.map((i) => i.path);
    };
    expect(await issue('')).toEqual(['q']);
    expect(await issue('q=')).toEqual(['q']);
    expect(await issue(`q=${'x'.repeat(201)}`)).toEqual(['q']);
    expect(await issue('q=%2A%2A%22%22')).toEqual(['q']);
    expect(await issue('q=a&q=b')).toEqual(['q']);
    expect(await issue('q=amnesty&kind=speech')).toEqual(['kind']);
    expect(await issue('q=amnesty&lang=de')).toEqual(['lang']);
    expect(await issue('q=amnesty&from=2023-02-30')).toEqual(['from']);
    expect(await issue('q=amnesty&from=2023-02-01&to=2023-01-01')).toEqual(['to']);
    expect(await issue('q=amnesty&limit=0')).toEqual(['limit']);
    expect(await issue('q=amnesty&after=bm90LWEtY3Vyc29y')).toEqual(['after']);
    expect(await issue('q=amnesty&at=999999999')).toEqual(['at']);
  });

  it('looks for FTS5 operators as words: no query syntax reaches SQLite', async () => {
    for (const q of ['NEAR(amnesty law)', 'title:amnesty', 'amnesty OR NOT', '"amnesty', 'amnesty)*', '{title body}: x']) {
      await request(archive.app).get(`/api/search?q=${encodeURIComponent(q)}`).expect(200);
    }
    expect((await search(`q=${encodeURIComponent('amnesty OR torture')}`)).total).toBe(0);
  });
});

describe('the /search page', () => {
  it('shows the count, the results with their matches marked, and links to the statement and the metric', async () => {
    const res = await request(archive.app).get(`/search?q=${encodeURIComponent('единовременную')}`).expect(200);
    const total = (await search(`q=${encodeURIComponent('единовременную')}`)).total;
    expect(res.text).toContain(`${total} results, 1–${total} shown.`);
    expect(res.text).toContain('<a href="/statements/tokayev-address-2022-09-01">Токаев предлагает <mark>единовременную</mark> амнистию</a>');
    assertNoInlineCode(res.text);
    const metric = await request(archive.app).get('/search?q=amnestied&kind=metric').expect(200);
    expect(metric.text).toMatch(/<a href="\/metrics\/[a-z-]+">[^<]*<mark>/);
  });

  it('escapes what the archive holds: markup in a title is shown as text, only the match is marked', async () => {
    await request(archive.app)
      .post('/api/statements')
      .set('Authorization', `Bearer ${editorToken}`)
      .send(newStatement('markup-search', { title: '<img src=x onerror=alert(1)> zhanaozen <b>bold</b>', summary: 'Zhanaozen <script>alert(2)</script> update' }))
      .expect(201);
    const res = await request(archive.app).get('/search?q=zhanaozen').expect(200);
    expect(res.text).toContain('&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt; <mark>zhanaozen</mark> &lt;b&gt;bold&lt;/b&gt;');
    expect(res.text).toContain('<mark>Zhanaozen</mark> &lt;script&gt;alert(2)&lt;/script&gt; update');
    expect(res.text).not.toContain('<img');
    expect(res.text).not.toContain('<b>bold');
    assertNoInlineCode(res.text);
  });

  it('names the field of a bad query beside it, with 400, and shows the form alone without words', async () => {
    const bad = await request(archive.app).get('/search?q=%2A%2A%2A').expect(400);
    expect(bad.text).toContain('id="search-q-error"');
    expect(bad.text).toContain('must contain a letter or a digit');
    expect(bad.text).toContain('aria-invalid="true"');
    const badDate = await request(archive.app).get('/search?q=amnesty&from=2023-02-30').expect(400);
    expect(badDate.text).toContain('id="search-from-error"');
    const empty = await request(archive.app).get('/search').expect(200);
    expect(empty.text).toContain('<form class="filters search-form"');
    expect(empty.text).not.toContain('role="status" class="search-count"');
  });

  it('speaks the reader’s language, with its plurals; the texts’ language is a filter of its own (in=)', async () => {
    const ru = await request(archive.app).get(`/search?lang=ru&q=${encodeURIComponent('единовременную')}`).expect(200);
    const total = (await search(`q=${encodeURIComponent('единовременную')}`)).total;
    expect(total).toBe(2);
    expect(ru.text).toContain('2 результата, показаны 1–2.');
    expect(ru.text).toContain('<label for="search-q">Слова для поиска</label>');
    expect(ru.text).toContain('1 сентября 2022 г.');
    const kk = await request(archive.app).get('/search?lang=kk&q=proposes&in=en').expect(200);
    expect(kk.text).toContain('1 нәтиже, 1–1 көрсетілді.');
    expect(kk.text).toContain('<option value="en" lang="en" selected>English</option>');
    expect(kk.text).toContain('<span class="search-kind">Мәлімдеме</span>');
    const none = await request(archive.app).get('/search?lang=ru&q=proposes&in=kk').expect(200);
    expect(none.text).toContain('Ничего не найдено.');
    const bad = await request(archive.app).get('/search?q=amnesty&in=de').expect(400);
    expect(bad.text).toContain('id="search-in-error"');
  });

  it('has a search box in the header of every page', async () => {
    for (const path of ['/', '/figures', '/metrics', '/statements/hearing-2023-01-05-asylov', '/about', '/search?q=amnesty', '/no-such-page']) {
      const res = await request(archive.app).get(path);
      expect(res.text, path).toMatch(/<form class="header-search" method="get" action="\/search" role="search"[^>]*>\s*<label for="header-search-q"/);
    }
  });
});
