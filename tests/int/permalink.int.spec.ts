import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { editorToken, openTestArchive, type TestArchive } from './http-fixture.js';

/**
 * Issue 5's promise for citations: a permalink (`at=`) keeps showing what it showed after a
 * correction is appended, says that a newer version exists, and the unpinned page moves on.
 */
let archive: TestArchive;
beforeAll(async () => {
  archive = await openTestArchive({ app: { publicUrl: 'https://qantar.example' } });
});
afterAll(() => archive.close());

const id = 'hearing-2023-01-05-asylov';
const newerNote = 'A newer version of this page exists';
type JsonFigure = { metric: string; value: number; bounds?: unknown };
const convicted = (body: { figures: JsonFigure[] }) => body.figures.find((f) => f.metric === 'persons-convicted');
/** The persons-convicted row of the figures table, from its metric link to the end of the row. */
const convictedRow = (html: string) =>
  /href="\/metrics\/persons-convicted[^"]*">(?:<span[^>]*>)?Persons convicted(?:<\/span>)?<\/a>\s*<\/th>[\s\S]*?<\/tr>/.exec(html)?.[0] ?? '';

describe('a permalink outlives a correction', () => {
  it('keeps the old figure at at=P, notes the newer version, and the unpinned page shows the new one', async () => {
    const P = await archive.head();
    const pinnedUrl = `/figures?date=2023-01-05&at=${P}`;
    const pageBefore = await request(archive.app).get(pinnedUrl).expect(200);
    const jsonBefore = await request(archive.app).get(`/api/figures?date=2023-01-05&at=${P}`).expect(200);
    expect(convictedRow(pageBefore.text)).toContain('1,205');
    expect(convicted(jsonBefore.body)?.value).toBe(1205);
    expect(pageBefore.text).not.toContain(newerNote); // pinned at the head: nothing newer yet
    expect(pageBefore.text).toContain(`https://qantar.example/figures?date&#x3D;2023-01-05&amp;at&#x3D;${P}`);

    // The correction, as an editor sends it: the statement's figures with one value fixed.
    const current = await request(archive.app).get(`/api/statements/${id}`).expect(200);
    const figures = (current.body.figures as JsonFigure[]).map(({ bounds, ...f }) =>
      f.metric === 'persons-convicted' ? { ...f, value: 1210, wording: 'of which 1,210 citizens were convicted' } : { ...f, bounds },
    );
    await request(archive.app)
      .post(`/api/statements/${id}/corrections`)
      .set('Authorization', `Bearer ${editorToken}`)
      .set('If-Match', current.headers.etag!)
      .send({ reason: 'The transcript says 1,210.', changes: { figures } })
      .expect(200);

    const pageAfter = await request(archive.app).get(pinnedUrl).expect(200);
    expect(convictedRow(pageAfter.text)).toContain('1,205');
    expect(convictedRow(pageAfter.text)).not.toContain('1,210');
    expect(pageAfter.text).toContain(newerNote);
    expect(pageAfter.text).toContain('href="/figures?date&#x3D;2023-01-05">See the current version</a>');
    const jsonAfter = await request(archive.app).get(`/api/figures?date=2023-01-05&at=${P}`).expect(200);
    expect(jsonAfter.body).toEqual(jsonBefore.body);

    const live = await request(archive.app).get('/figures?date=2023-01-05').expect(200);
    expect(convictedRow(live.text)).toContain('1,210');
    expect(live.text).not.toContain(newerNote);
    expect(convicted((await request(archive.app).get('/api/figures?date=2023-01-05').expect(200)).body)?.value).toBe(1210);
  });

  it('says "newer" only where the later events change the page', async () => {
    const P = Number(await archive.head()) - 1; // just before the correction above
    expect((await request(archive.app).get(`/statements/${id}?at=${P}`).expect(200)).text).toContain(newerNote);
    // Another statement, and figures of a day the corrected figure does not describe, are unchanged.
    expect((await request(archive.app).get(`/statements/unrest-2022-01-04?at=${P}`).expect(200)).text).not.toContain(newerNote);
    expect((await request(archive.app).get(`/figures?date=2022-06-01&at=${P}`).expect(200)).text).not.toContain(newerNote);
    // Other pages use the simple rule: any event after the position.
    expect((await request(archive.app).get(`/?at=${P}`).expect(200)).text).toContain(newerNote);
  });
});
