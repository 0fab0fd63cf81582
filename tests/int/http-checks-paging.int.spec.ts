import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toArchiveEvent } from '../../events/validate.js';
import { appendArchiveEvents } from '../../src/domain/append.js';
import { waitForReadModel } from '../../src/http/wait.js';
import { newStatement, openTestArchive, type TestArchive } from './http-fixture.js';

let archive: TestArchive;
const day = (i: number) => new Date(Date.UTC(2024, 0, 1 + i)).toISOString().slice(0, 10);
/** Statements in pairs: convicted above the seed's 1,221 tried, then 1,000, below its 1,095 amnestied. */
const contradictions = 105;

beforeAll(async () => {
  archive = await openTestArchive();
  const events = Array.from({ length: contradictions * 2 }, (_, i) =>
    toArchiveEvent({
      type: 'StatementPublished',
      data: newStatement(`convictions-${String(i).padStart(3, '0')}`, {
        publishedOn: day(i),
        figures: [{ metric: 'persons-convicted', value: i % 2 === 0 ? 2000 + i : 1000, unit: 'persons', asOf: day(i), wording: `${i} persons convicted` }],
      }),
    }),
  );
  const appended = await appendArchiveEvents(archive.store, events, { via: 'import' });
  await waitForReadModel(archive.readModel, BigInt(appended.at(-1)!.position));
});
afterAll(() => archive.close());

const resolvedArticles = (html: string) => html.slice(html.indexOf('id="resolved-heading"')).match(/<article class="finding entry"/g)?.length ?? 0;
const unescape = (href: string) => href.replaceAll('&#x3D;', '=').replaceAll('&amp;', '&');

/** The resolved findings up to the date, as the JSON API counts them: what the pages must hold. */
async function resolvedTotal(): Promise<number> {
  const all = (await request(archive.app).get('/api/checks?date=2025-12-31').expect(200)).body as { findings: { until: string | null }[] };
  return all.findings.filter((f) => f.until !== null).length;
}

describe('/checks with more resolved contradictions than one page holds', () => {
  it('lands on the latest page of resolved findings, says where it is, and pages back to the earliest', async () => {
    const total = await resolvedTotal();
    // Each high figure contradicts tried ⊇ convicted and each low one amnestied ⊆ convicted: two a pair, most resolved.
    expect(total).toBeGreaterThanOrEqual(contradictions * 2 - 1);
    const pages = Math.ceil(total / 100);
    const latest = await request(archive.app).get('/checks?date=2025-12-31').expect(200);
    expect(latest.text).toContain(`Resolved contradictions ${(pages - 1) * 100 + 1}–${total} of ${total}, page ${pages} of ${pages}`);
    expect(resolvedArticles(latest.text)).toBe(total - (pages - 1) * 100);
    expect(latest.text).toContain(`“${contradictions * 2 - 2} persons convicted”`); // the last high figure appended
    const earlier = unescape(/<a href="([^"]+)" rel="prev">Earlier contradictions<\/a>/.exec(latest.text)![1]!);
    expect(earlier).toBe(`/checks?date=2025-12-31&page=${pages - 1}`);
    expect(unescape(/<a href="([^"]+)">Earliest<\/a>/.exec(latest.text)![1]!)).toBe('/checks?date=2025-12-31&page=1');

    const first = await request(archive.app).get('/checks?date=2025-12-31&page=1').expect(200);
    expect(resolvedArticles(first.text)).toBe(100);
    expect(first.text).toContain(`Resolved contradictions 1–100 of ${total}, page 1 of ${pages}`);
    expect(first.text).toContain('“0 persons convicted”'); // the first one appended
    expect(unescape(/<a href="([^"]+)" rel="next">Later contradictions<\/a>/.exec(first.text)![1]!)).toBe('/checks?date=2025-12-31&page=2');
    // What holds on the date is on every page, above the resolved ones.
    expect(first.text).toContain('id="holding-injured-and-killed-among-victims"');
  });

  it('refuses a page past the last with a 400 naming the parameter', async () => {
    const pages = Math.ceil((await resolvedTotal()) / 100);
    const res = await request(archive.app).get(`/checks?date=2025-12-31&page=${pages + 1}`).set('Accept', 'application/json').expect(400);
    expect(res.body.issues).toEqual([{ path: 'page', message: `the resolved findings have ${pages} pages` }]);
  });

  it('pages /api/checks with limit and offset over the same findings in the same order', async () => {
    const all = (await request(archive.app).get('/api/checks?date=2025-12-31').expect(200)).body;
    expect(all).toMatchObject({ limit: 500, offset: 0 });
    expect(all.findings).toHaveLength(all.total);
    const window = (await request(archive.app).get('/api/checks?date=2025-12-31&offset=100&limit=7').expect(200)).body;
    expect(window).toMatchObject({ total: all.total, offset: 100, limit: 7 });
    expect(window.findings).toEqual(all.findings.slice(100, 107));
    const past = (await request(archive.app).get(`/api/checks?date=2025-12-31&offset=${all.total}`).expect(200)).body;
    expect(past.findings).toEqual([]);
    const tooMany = await request(archive.app).get('/api/checks?limit=501').expect(400);
    expect(tooMany.body.issues.map((i: { path: string }) => i.path)).toEqual(['limit']);
  });
});
