import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { editorToken, newStatement, openTestArchive, type TestArchive } from './http-fixture.js';
import { sqliteHandleOf } from '../../src/read-model/read-model.js';

/**
 * The read model made unable to grow with SQLite's own limit on its file (`max_page_count` at its
 * size, on the connection the follower writes with): every batch that needs a new page fails with
 * "database or disk is full", as on a full disk. tests/int/read-model-disk-full.int.spec.ts fills
 * a real filesystem under a real server; this one drives the editor's form in process.
 */
let archive: TestArchive;
beforeAll(async () => {
  archive = await openTestArchive();
});
afterAll(() => archive.close());

const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1]!;
const long = (words: string) => `${words} `.repeat(5000 / (words.length + 1)).trim();

function readModelCannotGrow() {
  const db = sqliteHandleOf(archive.readModel);
  db.exec('VACUUM'); // no free pages left to fill
  db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true })}`);
  return () => db.pragma('max_page_count = 1073741823');
}

describe('an editor’s statement the read model cannot show yet', () => {
  it('the form answers 202 with a page that says it is saved, and the statement appears once the read model can grow', async () => {
    const agent = request.agent(archive.app);
    const login = await agent.get('/editor').expect(200);
    await agent.post('/editor/login').type('form').send({ _csrf: csrfOf(login.text), token: editorToken }).expect(303);
    const form = await agent.get('/editor').expect(200);

    const canGrow = readModelCannotGrow();
    const head = await archive.store.headPosition();
    const saved = await agent
      .post('/editor')
      .type('form')
      .send({
        _csrf: csrfOf(form.text),
        // The confirmation after the preview: what appends.
        action: 'publish',
        publishedOn: '2023-04-10',
        kind: 'announcement',
        title: 'Supreme Court reports appeals while the disk is full',
        summary: long('The Supreme Court reported on appeals in January events cases.'),
        speakerBody: 'Supreme Court of Kazakhstan',
        sourceTitle: 'Supreme Court press release',
        sourceUrl: 'https://example.org/supreme-court',
      });
    expect(saved.status).toBe(202);
    expect(saved.text).toContain('Statement recorded, not shown yet');
    expect(saved.text).toContain('do not send it again');
    expect(saved.text).toMatch(/database or disk is full/);
    const page = /href="(\/statements\/[^"]+)"/.exec(saved.text)![1]!;
    expect(await archive.store.headPosition()).toBe(head! + 1n);
    await request(archive.app).get(page).expect(404);

    const ready = await request(archive.app).get('/readyz').expect(503);
    expect(ready.body.reads).toMatchObject({ ok: false, reason: expect.stringMatching(/disk is full/), lag: '1' });
    // The API says the same of a write made meanwhile.
    const api = await request(archive.app)
      .post('/api/statements')
      .set('Authorization', `Bearer ${editorToken}`)
      .send(newStatement('api-while-full', { summary: long('A later official update.') }))
      .expect(202);
    expect(api.headers['location']).toBe('/api/statements/api-while-full');

    canGrow();
    await expect.poll(async () => (await request(archive.app).get(page)).status, { timeout: 15_000 }).toBe(200);
    await request(archive.app).get('/api/statements/api-while-full').expect(200);
    expect((await request(archive.app).get('/readyz').expect(200)).body.reads).toMatchObject({ ok: true, lag: '0' });
  });
});
