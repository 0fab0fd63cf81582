import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertNoInlineCode, editorToken, newStatement, openTestArchive, type TestArchive } from './http-fixture.js';

let archive: TestArchive;
beforeAll(async () => {
  archive = await openTestArchive();
});
afterAll(() => archive.close());

/** The headline card of a metric, as HTML. */
const card = (html: string, metric: string) => new RegExp(`<li class="headline-card" data-metric="${metric}">[\\s\\S]*?</li>`).exec(html)?.[0];

describe('the figures page', () => {
  it('opens on headline cards: value, date, who said it, and the change since the figure before', async () => {
    const res = await request(archive.app).get('/figures?date=2023-01-05').expect(200);
    const amnestied = card(res.text, 'amnesty-granted')!;
    expect(amnestied).toContain('1,095');
    expect(amnestied).toContain('as of 5 January 2023');
    expect(amnestied).toContain('Prosecutor General');
    assertNoInlineCode(res.text);
    // Jump links to each topic's table.
    expect(res.text).toMatch(/<nav class="jump-links" aria-label="Topics in the table">[\s\S]*?href="#topic-amnesty"/);
  });

  it('a card follows the date asked and says how the figure moved', async () => {
    await request(archive.app)
      .post('/api/statements')
      .set('Authorization', `Bearer ${editorToken}`)
      .send(newStatement('headline-move', { publishedOn: '2023-02-01', figures: [{ metric: 'amnesty-granted', value: 1100, unit: 'persons', wording: '1,100 granted amnesty' }] }))
      .expect(201);
    const before = card((await request(archive.app).get('/figures?date=2023-01-31').expect(200)).text, 'amnesty-granted')!;
    expect(before).toContain('1,095');
    const after = card((await request(archive.app).get('/figures?date=2023-02-01').expect(200)).text, 'amnesty-granted')!;
    expect(after).toContain('1,100');
    expect(after).toContain('up 5 from 1,095 (5 January 2023)');
    const ru = card((await request(archive.app).get('/figures?date=2023-02-01&lang=ru').expect(200)).text, 'amnesty-granted')!;
    expect(ru).toContain('больше на 5');
    expect((await request(archive.app).get('/figures?date=2023-02-01&lang=ru').expect(200)).text).not.toContain('[object Object]');
  });

  it('has no cards before any figure', async () => {
    const res = await request(archive.app).get('/figures?date=2021-06-01').expect(200);
    expect(res.text).not.toContain('headline-card');
  });

  it('filters the table by words, without script', async () => {
    const res = await request(archive.app).get('/figures?date=2023-01-05&q=amnesty').expect(200);
    const rows = [...res.text.matchAll(/<tr data-search="([^"]*)"/g)].map((m) => m[1]!.toLowerCase());
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.includes('amnesty'))).toBe(true);
    const all = await request(archive.app).get('/figures?date=2023-01-05').expect(200);
    expect([...all.text.matchAll(/<tr data-search=/g)].length).toBeGreaterThan(rows.length);
    const none = await request(archive.app).get('/figures?date=2023-01-05&q=zzzz-nothing').expect(200);
    expect(none.text).toContain('No figure matches the filter.');
  });

  it('refuses a filter too long, naming the field', async () => {
    const res = await request(archive.app).get(`/figures?date=2023-01-05&q=${'a'.repeat(201)}`).set('Accept', 'application/json').expect(400);
    expect(JSON.stringify(res.body)).toContain('q');
  });
});
