import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { qantar } from '../fixtures/cli.js';
import { editorToken, newStatement, openTestArchive, serveOnLoopback, type TestArchive } from './http-fixture.js';

/** Issue 11, items 1, 4 and 6: writes that were lost, crashed, or let through, over real HTTP. */
let archive: TestArchive;
let served: Awaited<ReturnType<typeof serveOnLoopback>>;
let base: string;
const headers = { Authorization: `Bearer ${editorToken}`, 'Content-Type': 'application/json' };

beforeAll(async () => {
  archive = await openTestArchive({ app: { writeLimit: { windowMs: 60_000, limit: 10_000 } } });
  served = await serveOnLoopback(archive.app);
  base = served.base;
});
afterAll(async () => {
  await served.close();
  await archive.close();
});

/** The body as raw JSON text, so escapes such as \ud800 reach the server exactly as written. */
const post = (url: string, json: string, extra: Record<string, string> = {}) =>
  fetch(`${base}${url}`, { method: 'POST', headers: { ...headers, ...extra }, body: json });
const publish = (statement: unknown) => post('/api/statements', JSON.stringify(statement));
const correct = (id: string, ifMatch: string, body: unknown) =>
  post(`/api/statements/${id}/corrections`, JSON.stringify(body), { 'If-Match': ifMatch });
const statementOf = async (id: string) => (await (await fetch(`${base}/api/statements/${id}`)).json()) as Record<string, any>;
const issuePaths = async (res: Response) => ((await res.json()) as { issues?: { path: string }[] }).issues?.map((i) => i.path) ?? [];

describe('a correction back to an earlier state is new work, not a retry', () => {
  it('B with If-Match "0", A with "1", B with "2": the third appends and the title is B', async () => {
    expect((await publish(newStatement('flip-flop', { title: 'A' }))).status).toBe(201);
    const reason = 'the title was transcribed from the wrong line';
    const answers = [];
    for (const [ifMatch, title] of [['"0"', 'B'], ['"1"', 'A'], ['"2"', 'B']] as const) {
      const res = await correct('flip-flop', ifMatch, { reason, changes: { title } });
      answers.push({ status: res.status, ...((await res.json()) as { appended: number; revision: string }) });
    }
    expect(answers.map((a) => [a.status, a.appended, a.revision])).toEqual([[200, 1, '1'], [200, 1, '2'], [200, 1, '3']]);
    const after = await statementOf('flip-flop');
    expect(after.title ?? after.statement?.title).toBe('B');
    expect((await archive.store.readStream('statement-flip-flop')).length).toBe(4);
  });

  it('the same correction sent again against the same revision is still a retry: one event', async () => {
    expect((await publish(newStatement('retried-fix', { title: 'A' }))).status).toBe(201);
    const body = { reason: 'typo', changes: { title: 'B' } };
    const first = await correct('retried-fix', '"0"', body);
    const again = await correct('retried-fix', '"0"', body);
    expect([first.status, again.status]).toEqual([200, 200]);
    expect([((await first.json()) as { appended: number }).appended, ((await again.json()) as { appended: number }).appended]).toEqual([1, 0]);
    expect((await archive.store.readStream('statement-retried-fix')).length).toBe(2);
  });
});

describe('a lone UTF-16 surrogate is refused with a 400 naming the field', () => {
  const statementJson = (id: string, title: string) => JSON.stringify(newStatement(id)).replace(`"Update ${id}"`, title);

  it.each([
    ['a title', 'title', (id: string) => statementJson(id, '"Court \\ud800 update"'), ['title']],
    ['a speaker body', 'speaker.body', (id: string) => JSON.stringify(newStatement(id)).replace('"Supreme Court of Kazakhstan"', '"Court \\udc00"'), ['speaker.body']],
    ['a figure wording', 'figures.0.wording', (id: string) => JSON.stringify(newStatement(id)).replace('"by 1 December', '"\\udbff by 1 December'), ['figures.0.wording']],
  ])('in %s of a new statement', async (_what, _field, body, paths) => {
    const res = await post('/api/statements', body('lone-surrogate'));
    expect(res.status).toBe(400);
    expect(await issuePaths(res)).toEqual(paths);
    expect((await fetch(`${base}/api/statements/lone-surrogate`)).status).toBe(404);
  });

  it('in a metric defined with a statement, and in a correction’s reason and changes', async () => {
    const metric = '{"id":"surrogate-metric","label":"Bad \\ud800 label","unit":"persons","topic":"amnesty","description":"d"}';
    const withMetric = `{"statement":${JSON.stringify(newStatement('lone-in-batch'))},"metrics":[${metric}]}`;
    const batch = await post('/api/statements', withMetric);
    expect(batch.status).toBe(400);
    expect(await issuePaths(batch)).toEqual(['metrics.0.label']);

    const head = await archive.head();
    const fix = await post('/api/statements/hearing-2023-01-05-asylov/corrections', '{"reason":"r\\udfff","changes":{"summary":"\\ud83d"}}', { 'If-Match': '"0"' });
    expect(fix.status).toBe(400);
    expect((await issuePaths(fix)).sort()).toEqual(['changes.summary', 'reason']);
    expect(await archive.head()).toBe(head);
  });

  it('a well-formed pair (an emoji, a rare CJK character) is still accepted', async () => {
    const res = await post('/api/statements', statementJson('well-formed-pair', '"Court \\ud83d\\udcdc update \\ud840\\udc0b"'));
    expect(res.status).toBe(201);
    const stored = await statementOf('well-formed-pair');
    expect(stored.title ?? stored.statement?.title).toBe('Court 📜 update 𠀋');
  });

  it('the CLI refuses such a file, naming the field, and appends nothing', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qantar-surrogate-'));
    try {
      const file = path.join(dir, 'statement.json');
      const data = JSON.stringify(newStatement('cli-surrogate')).replace('"Update cli-surrogate"', '"Bad \\ud800"');
      fs.writeFileSync(file, `{"type":"StatementPublished","data":${data}}`);
      const store = `sqlite:${path.join(dir, 'log.db')}`;
      const result = qantar(['append', file, '--store', store]);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('data.title: must not contain a lone UTF-16 surrogate');
      expect(result.stderr).toContain('Nothing was appended.');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a correction must leave a statement that publishing would accept', () => {
  it('refuses a period whose start comes after its end, naming the field, and appends nothing', async () => {
    expect((await publish(newStatement('with-period', { period: { start: '2022-01-04', end: '2022-01-07' } }))).status).toBe(201);
    const head = await archive.head();
    const inverted = await correct('with-period', '"0"', { reason: 'dates', changes: { period: { start: '2022-01-09', end: '2022-01-07' } } });
    expect(inverted.status).toBe(400);
    expect(await issuePaths(inverted)).toEqual(['changes.period.end']);
    expect(await archive.head()).toBe(head);
    const kept = await statementOf('with-period');
    expect(kept.period ?? kept.statement?.period).toEqual({ start: '2022-01-04', end: '2022-01-07' });
  });

  it('a valid period correction still goes through', async () => {
    const etag = (await fetch(`${base}/api/statements/with-period`)).headers.get('etag')!;
    const res = await correct('with-period', etag, { reason: 'dates', changes: { period: { start: '2022-01-05', end: '2022-01-07' } } });
    expect(res.status).toBe(200);
    const corrected = await statementOf('with-period');
    expect(corrected.period ?? corrected.statement?.period).toEqual({ start: '2022-01-05', end: '2022-01-07' });
  });
});
