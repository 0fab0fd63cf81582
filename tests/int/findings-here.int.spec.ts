import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { editorToken, newStatement, openTestArchive, type TestArchive } from './http-fixture.js';

let archive: TestArchive;
/** The seed's contradiction that holds today: its relation and the statements and metrics behind it. */
let seedFinding: { relation: string; phrase: string; figures: { metric: string; statementId: string }[] };
beforeAll(async () => {
  archive = await openTestArchive();
  const checks = await request(archive.app).get('/api/checks?date=2024-03-01').expect(200);
  seedFinding = checks.body.findings.find((f: { holds: boolean }) => f.holds);
});
afterAll(() => archive.close());

const section = (html: string) => /<section class="findings-here"[^]*?<\/section>/.exec(html)?.[0] ?? '';

describe('findings where readers land', () => {
  it('shows a statement’s contradiction on its page, naming the other statements by title and the relation by its sentence', async () => {
    const { statementId, metric } = seedFinding.figures[0]!;
    const page = await request(archive.app).get(`/statements/${statementId}`).expect(200);
    const here = section(page.text);
    expect(here).toContain('What the checks find in this statement’s figures');
    expect(here).toContain('Contradiction');
    expect(here).toContain(seedFinding.phrase.replace(/’/g, '’'));
    expect(here).toContain(`href="/metrics/${metric}"`);
    const title = (await request(archive.app).get(`/api/statements/${statementId}`).expect(200)).body.title as string;
    expect(here).toContain(`<a href="/statements/${statementId}">${title}</a>`);
    expect(here).not.toContain('<code>');
  });

  it('shows it on each of its metrics’ pages too, and says so where the checks find nothing', async () => {
    for (const { metric } of seedFinding.figures) {
      const page = await request(archive.app).get(`/metrics/${metric}`).expect(200);
      expect(section(page.text), metric).toContain('What the checks find in this metric’s figures');
      expect(section(page.text), metric).toContain(`id="holding-${seedFinding.relation}"`);
    }
    const quiet = await request(archive.app).get('/metrics/amnesty-covered').expect(200);
    expect(section(quiet.text)).toContain('No check finds a contradiction, a revision or a disagreement');
  });

  it('shows a statement that restates a contradicted figure the finding it continues', async () => {
    const convicted = seedFinding.figures[0]!;
    const { body: original } = await request(archive.app).get(`/api/statements/${convicted.statementId}`).expect(200);
    const figure = original.figures.find((f: { metric: string }) => f.metric === convicted.metric);
    const restated = newStatement('restates-2024-01-10', {
      publishedOn: '2024-01-10',
      figures: [{ metric: figure.metric, value: figure.value, qualifier: figure.qualifier, unit: figure.unit, wording: 'the same figure again' }],
    });
    const before = await archive.head();
    await request(archive.app).post('/api/statements').set('Authorization', `Bearer ${editorToken}`).send(restated).expect(201);
    const page = await request(archive.app).get('/statements/restates-2024-01-10').expect(200);
    expect(section(page.text)).toContain(`id="holding-${seedFinding.relation}"`);
    // Pinned before that append, the page is read at a position the findings read model no longer
    // keeps: the checks of its metrics are evaluated afresh, and find the same.
    const pinned = await request(archive.app).get(`/statements/${convicted.statementId}?at=${before}`).expect(200);
    expect(section(pinned.text)).toContain(`id="holding-${seedFinding.relation}"`);
    expect(section(pinned.text)).toContain(`href="/metrics/${convicted.metric}?at&#x3D;${before}"`);
  });

  it('speaks the page’s language, and /checks names statements by title in it', async () => {
    const { statementId } = seedFinding.figures[0]!;
    const page = await request(archive.app).get(`/statements/${statementId}?lang=ru`).expect(200);
    expect(section(page.text)).toContain('Что проверки находят в цифрах этого заявления');
    expect(section(page.text)).toContain('Противоречие');
    // The source's words are quoted as they are, and marked as English.
    expect(section(page.text)).toContain(`<q lang="en">`);
    const checks = await request(archive.app).get('/checks?date=2024-03-01&lang=kk').expect(200);
    expect(checks.text).toContain('күнгі сәйкестік тексерулері');
    expect(checks.text).toContain(`href="/statements/${statementId}" lang="en">`);
    expect(checks.text).not.toContain('<code>');
  });
});
