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
  return archive.reader.findingsAsOf({ date: '2025-12-31' }).filter((f) => f.until !== null).length;
}

describe('/checks with more resolved contradictions than one page holds', () => {
  it('lands on the latest page of resolved findings, says where it is, and pages back to the earliest', async () => {
    const total = await resolvedTotal();
    // Each high figure contradicts tried ⊇ convicted and each low one amnestied ⊆ convicted: two a pair, most resolved.
    expect(total).toBeGreaterThanOrEqual(contradictions * 2 - 1);
    const pages = Math.ceil(total / 100);
    const latest = await request(archive.app).get('/checks?date=2025-12-31').expect(200);
    expect(latest.text).toContain(`Resolved findings ${(pages - 1) * 100 + 1}–${total} of ${total}, page ${pages} of ${pages}`);
    expect(resolvedArticles(latest.text)).toBe(total - (pages - 1) * 100);
    expect(latest.text).toContain(`“${contradictions * 2 - 2} persons convicted”`); // the last high figure appended
    const earlier = unescape(/<a href="([^"]+)" rel="prev">Earlier contradictions<\/a>/.exec(latest.text)![1]!);
    expect(earlier).toBe(`/checks?date=2025-12-31&page=${pages - 1}`);
    expect(unescape(/<a href="([^"]+)">Earliest<\/a>/.exec(latest.text)![1]!)).toBe('/checks?date=2025-12-31&page=1');

    const first = await request(archive.app).get('/checks?date=2025-12-31&page=1').expect(200);
    expect(resolvedArticles(first.text)).toBe(100);
    expect(first.text).toContain(`Resolved findings 1–100 of ${total}, page 1 of ${pages}`);
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
    const first = (await request(archive.app).get('/api/checks?date=2025-12-31').expect(200)).body;
    expect(first).toMatchObject({ limit: 100, offset: 0 });
    expect(first.findings).toHaveLength(100);
    const second = (await request(archive.app).get('/api/checks?date=2025-12-31&offset=100').expect(200)).body;
    const window = (await request(archive.app).get('/api/checks?date=2025-12-31&offset=95&limit=7').expect(200)).body;
    expect(window).toMatchObject({ total: first.total, offset: 95, limit: 7 });
    expect(window.findings).toEqual([...first.findings.slice(95), ...second.findings.slice(0, 2)]);
    const past = (await request(archive.app).get(`/api/checks?date=2025-12-31&offset=${first.total}`).expect(200)).body;
    expect(past.findings).toEqual([]);
    const tooMany = await request(archive.app).get('/api/checks?limit=101').expect(400);
    expect(tooMany.body.issues.map((i: { path: string }) => i.path)).toEqual(['limit']);
  });
});

describe('findings a page at a time, one relation in memory at a time', () => {
  it('chooses the same findings, whole and in the same order, as evaluating everything at once', () => {
    const { reader } = archive;
    const q = { date: '2025-12-31' };
    const all = reader.findingsAsOf(q);
    expect(all.length).toBeGreaterThan(200);
    // Kept from the first pass, evaluated again in a second, or some of each: the same answer.
    const keeps = [() => false, () => true, (_f: unknown, rank: number) => rank < 3];
    for (const [from, to] of [[0, 10], [100, 107], [all.length - 5, all.length], [0, all.length]]) {
      for (const keep of keeps) {
        const window = reader.findingsWindowAsOf(
          q,
          (places) => {
            expect(places.map((p) => [p.relationId, p.date, p.until])).toEqual(all.map((f) => [f.relationId, f.date, f.until]));
            return Array.from({ length: to! - from! }, (_, i) => from! + i);
          },
          keep,
        );
        expect(window.total).toBe(all.length);
        expect(window.findings).toEqual(all.slice(from, to));
      }
    }
    expect(reader.findingsWindowAsOf(q, () => []).findings).toEqual([]);
  });

  it('writes every finding to /api/checks.csv under one header, each relation in date order', async () => {
    const pages = await Promise.all(
      [0, 100, 200].map(async (offset) => (await request(archive.app).get(`/api/checks?date=2025-12-31&offset=${offset}`).expect(200)).body),
    );
    const total = pages[0].total as number;
    const findings = pages.flatMap((p) => p.findings as { relation: string; date: string }[]);
    expect(findings).toHaveLength(total);
    const res = await request(archive.app).get('/api/checks.csv?date=2025-12-31').expect(200).expect('Content-Type', /text\/csv/);
    const [header, ...rows] = res.text.trimEnd().split('\n');
    expect(header).toMatch(/^relation,kind,date,until,holds,/);
    expect(rows).toHaveLength(total);
    const places = rows.map((r) => r.split(',').slice(0, 3) as [string, string, string]);
    expect(places.map(([relation, , date]) => `${relation} ${date}`).sort()).toEqual(findings.map((f) => `${f.relation} ${f.date}`).sort());
    for (const relation of new Set(places.map(([r]) => r))) {
      const dates = places.filter(([r]) => r === relation).map(([, , d]) => d);
      expect(dates).toEqual([...dates].sort());
    }
  });
});
