import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatInstantDay } from '../../src/format/dates.js';
import { assertNoInlineCode, editorToken, newStatement, openTestArchive, type TestArchive } from './http-fixture.js';

/** Issue 5 §5: corrections and retractions are visible on the statement page and the timeline. */
let archive: TestArchive;
const auth = { Authorization: `Bearer ${editorToken}` };
const post = (path: string, body: object, ifMatch?: string) =>
  request(archive.app).post(path).set(auth).set(ifMatch ? { 'If-Match': ifMatch } : {}).send(body);
const unescape = (href: string) => href.replaceAll('&amp;', '&').replaceAll('&#x3D;', '=');

beforeAll(async () => {
  archive = await openTestArchive();
  await post('/api/statements', newStatement('to-correct', { title: 'Court <b>update</b>' })).expect(201);
  await post('/api/statements', newStatement('to-retract', { title: 'A statement entered twice' })).expect(201);
  await post(
    '/api/statements/to-correct/corrections',
    {
      reason: 'The release said 1,110 & gave <the> title differently.',
      changes: {
        title: 'Court update on convictions',
        figures: [{ metric: 'persons-convicted', value: 1110, unit: 'persons', asOf: '2022-12-01', wording: '1,110 persons had been convicted' }],
      },
    },
    '"0"',
  ).expect(200);
  await post('/api/statements/to-retract/retractions', { reason: 'Duplicate of another entry' }, '"0"').expect(200);
});
afterAll(() => archive.close());

const recordedDay = async (id: string, event: string) => {
  const history = (await request(archive.app).get(`/api/statements/${id}`).expect(200)).body.history as { event: string; recordedAt: string }[];
  return formatInstantDay(history.find((h) => h.event === event)!.recordedAt);
};

describe('the statement page shows what changed, when and why', () => {
  it('lists each changed field old → new, the reason, and links the original version', async () => {
    const res = await request(archive.app).get('/statements/to-correct').expect(200);
    expect(res.text).toContain('<h1>Court update on convictions</h1>');
    expect(res.text).toContain('Reason: <span lang="en">“The release said 1,110 &amp; gave &lt;the&gt; title differently.”</span>');
    expect(res.text).toMatch(/<span class="change-field">Title<\/span>: .*<del>“Court &lt;b&gt;update&lt;\/b&gt;”<\/del>.*<ins>“Court update on convictions”<\/ins>/);
    expect(res.text).toMatch(/Figure: Persons convicted, as of 1 December 2022<\/span>: .*<del>1,100 \(<span class="quote" lang="en">“by 1 December, 1,100 persons had been convicted”<\/span>\)<\/del>.*<ins>1,110 \(<span class="quote" lang="en">“1,110 persons had been convicted”<\/span>\)<\/ins>/);
    assertNoInlineCode(res.text);
    // The original stays one link away, exactly as it was recorded.
    const original = unescape(/<a href="([^"]+)">This version as it stood<\/a>/.exec(res.text)![1]!);
    expect(original).toMatch(/^\/statements\/to-correct\?at=\d+$/);
    const old = await request(archive.app).get(original).expect(200);
    expect(old.text).toContain('<h1>Court &lt;b&gt;update&lt;/b&gt;</h1>');
    expect(old.text).toContain('A newer version of this page exists');
  });

  it('shows a retraction with its reason; the page stays readable', async () => {
    const res = await request(archive.app).get('/statements/to-retract').expect(200);
    expect(res.text).toContain('<strong>Retracted.</strong>');
    expect(res.text).toContain('Reason: <span lang="en">“Duplicate of another entry”</span>');
  });
});

describe('the timeline marks corrected and retracted statements', () => {
  it('says “corrected on …” and keeps a retracted statement listed, struck through with its reason', async () => {
    const res = await request(archive.app).get('/').expect(200);
    const entry = (title: string) => new RegExp(`<li class="entry[^"]*">(?:(?!</li>)[\\s\\S])*${title}(?:(?!</li>)[\\s\\S])*</li>`).exec(res.text)?.[0] ?? '';
    const corrected = entry('Court update on convictions');
    expect(corrected).toContain(`Corrected on ${await recordedDay('to-correct', 'StatementCorrected')}`);
    expect(corrected).toContain('href="/statements/to-correct"');
    const retracted = entry('A statement entered twice');
    expect(retracted).toContain('class="entry entry-retracted"');
    expect(retracted).toContain(`Retracted on ${await recordedDay('to-retract', 'StatementRetracted')}</strong>: “Duplicate of another entry”`);
    expect(retracted).toContain('href="/statements/to-retract"');
    expect(retracted).not.toContain('key-figures'); // its figures are no longer official
    expect(res.text).toContain('1 retracted statement, still listed and marked');
    expect(entry('Parliament approves the amnesty law')).not.toContain('class="marker');
    // Pinned before the retraction, the statement is listed as it was then, unmarked.
    const before = Number(await archive.head()) - 1;
    expect((await request(archive.app).get(`/?at=${before}`).expect(200)).text).not.toContain('entry-retracted');
  });
});
