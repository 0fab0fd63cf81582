import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEventFile, translationsDirectory } from '../../events/seed.js';
import { appendArchiveEvents } from '../../src/domain/append.js';
import { waitForReadModel } from '../../src/http/wait.js';
import { editorToken, newStatement, openTestArchive, type TestArchive } from './http-fixture.js';

let archive: TestArchive;
beforeAll(async () => {
  archive = await openTestArchive();
});
afterAll(() => archive.close());

const convicted = (body: { figures: { metric: string; value: number }[] }) =>
  body.figures.find((f) => f.metric === 'persons-convicted')?.value;

describe('JSON read API', () => {
  it('lists statements with the position they were read at', async () => {
    const res = await request(archive.app).get('/api/statements').expect(200).expect('Content-Type', /json/);
    expect(res.body.at).toBe(await archive.head());
    expect(res.body.statements.length).toBeGreaterThan(10);
    expect(res.body.statements[0]).toMatchObject({ id: 'unrest-2022-01-04', status: 'published', revision: '0' });
    expect(typeof res.body.statements[0].position).toBe('string');
  });

  it('serves one statement with its history and the stream revision as a quoted ETag', async () => {
    const res = await request(archive.app).get('/api/statements/hearing-2023-01-05-asylov').expect(200);
    expect(res.headers.etag).toBe('"0"');
    expect(res.body).toMatchObject({ id: 'hearing-2023-01-05-asylov', publishedOn: '2023-01-05', revision: '0' });
    expect(res.body.history).toHaveLength(1);
    await request(archive.app).get('/api/statements/hearing-2023-01-05-asylov').set('If-None-Match', '"0"').expect(304);
    const missing = await request(archive.app).get('/api/statements/nothing-here').expect(404);
    expect(missing.body.error).toMatch(/nothing-here/);
  });

  it('answers /api/figures as { date, known, at, figures } with the CLI’s figure shape', async () => {
    const res = await request(archive.app).get('/api/figures?date=2023-01-05').expect(200);
    expect(res.body).toMatchObject({ date: '2023-01-05', known: null, at: await archive.head() });
    const figure = res.body.figures.find((f: { metric: string }) => f.metric === 'persons-criminally-liable');
    expect(figure).toMatchObject({
      value: 1700,
      qualifier: 'approximately',
      bounds: { lower: 1650, upper: 1750 },
      unit: 'persons',
      asOf: '2023-01-05',
      statementId: 'hearing-2023-01-05-law-enforcement',
    });
    expect(typeof figure.position).toBe('string');
    const byTopic = await request(archive.app).get('/api/figures?date=2023-01-05&topic=amnesty').expect(200);
    expect(byTopic.body.figures.every((f: { topic: string }) => f.topic === 'amnesty')).toBe(true);
  });

  it('keeps the three times apart: valid (date), publication (known) and archive (at)', async () => {
    const before = await archive.head();
    // Published in March 2023, it describes 1 December 2022: valid and publication time differ.
    await request(archive.app)
      .post('/api/statements')
      .set('Authorization', `Bearer ${editorToken}`)
      .send(newStatement('late-court-report'))
      .expect(201);
    const after = await archive.head();

    const valid = await request(archive.app).get('/api/figures?date=2022-12-31').expect(200);
    expect(convicted(valid.body)).toBe(1100);
    const later = await request(archive.app).get('/api/figures?date=2023-01-05').expect(200);
    expect(convicted(later.body)).toBe(1205);

    const knownEarlier = await request(archive.app).get('/api/figures?date=2022-12-31&known=2023-02-01').expect(200);
    expect(knownEarlier.body.known).toBe('2023-02-01');
    expect(convicted(knownEarlier.body)).toBeUndefined();

    const atBefore = await request(archive.app).get(`/api/figures?date=2022-12-31&at=${before}`).expect(200);
    expect(atBefore.body.at).toBe(before);
    expect(convicted(atBefore.body)).toBeUndefined();
    const atAfter = await request(archive.app).get(`/api/figures?date=2022-12-31&at=${after}`).expect(200);
    expect(convicted(atAfter.body)).toBe(1100);
  });

  it('serves the same figures as CSV, with formulas neutralised', async () => {
    await request(archive.app)
      .post('/api/statements')
      .set('Authorization', `Bearer ${editorToken}`)
      .send(newStatement('formula-wording', { publishedOn: '2023-01-04', figures: [{ metric: 'victims-injured', value: 1, unit: 'persons', wording: '=HYPERLINK("http://evil")' }] }))
      .expect(201);
    const res = await request(archive.app).get('/api/figures.csv?date=2023-01-04').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toContain('qantar-figures-2023-01-04.csv');
    // A byte-order mark first, so that Excel reads the file as UTF-8.
    expect(res.text.startsWith('\uFEFF')).toBe(true);
    const [header, ...rows] = res.text.slice(1).trim().split('\n');
    expect(header).toMatch(/^metric,label,topic,value,qualifier,lower,upper,unit,asOf/);
    expect(rows.length).toBeGreaterThan(0);
    expect(res.text).not.toMatch(/(^|,)"?=HYPERLINK/m);
    expect(res.text).toContain("'=HYPERLINK");
  });

  it('serves the catalogue and one metric’s history', async () => {
    const list = await request(archive.app).get('/api/metrics').expect(200);
    expect(list.body.metrics.map((m: { id: string }) => m.id)).toContain('persons-convicted');
    const one = await request(archive.app).get('/api/metrics/amnesty-covered').expect(200);
    expect(one.body.metric).toMatchObject({ id: 'amnesty-covered', unit: 'persons' });
    expect(one.body.figures.length).toBeGreaterThanOrEqual(2);
    expect(one.body.figures[0]).toMatchObject({ qualifier: 'over', bounds: { lower: 1000, upper: null } });
    await request(archive.app).get('/api/metrics/not-a-metric').expect(404).expect('Content-Type', /json/);
  });

  it('gives the catalogue’s labels in Russian or Kazakh with lang=, each text saying its language; without lang=, in English', async () => {
    const before = await archive.head();
    // The archive's Russian of one seed metric: the others have none here, and fall back to English.
    const russian = readEventFile(path.join(translationsDirectory, 'translations-metric-ru.json')).filter(
      (e) => e.type === 'TextTranslated' && e.data.id === 'persons-convicted',
    );
    const [appended] = await appendArchiveEvents(archive.store, russian, { via: 'import' });
    await waitForReadModel(archive.readModel, appended!.position);
    const find = (body: { metrics: { id: string }[] }, id: string) => body.metrics.find((m) => m.id === id);

    const ru = await request(archive.app).get('/api/metrics?lang=ru').expect(200);
    expect(ru.body.lang).toBe('ru');
    expect(find(ru.body, 'persons-convicted')).toMatchObject({
      label: 'Осуждённые',
      labelLanguage: 'ru',
      description: 'Граждане, осуждённые судами по делам, связанным с январскими событиями.',
      descriptionLanguage: 'ru',
    });
    expect(find(ru.body, 'persons-tried')).toMatchObject({ label: 'Persons whose cases courts considered', labelLanguage: 'en', descriptionLanguage: 'en' });
    // As the archive stood before the translation, and in English when no language is asked for.
    const then = await request(archive.app).get(`/api/metrics?lang=ru&at=${before}`).expect(200);
    expect(find(then.body, 'persons-convicted')).toMatchObject({ label: 'Persons convicted', labelLanguage: 'en' });
    const plain = await request(archive.app).get('/api/metrics').expect(200);
    expect(plain.body.lang).toBeUndefined();
    expect(find(plain.body, 'persons-convicted')).toEqual(expect.objectContaining({ label: 'Persons convicted' }));
    expect(find(plain.body, 'persons-convicted')).not.toHaveProperty('labelLanguage');
  });

  it('answers 400 with the parameter named for invalid query strings', async () => {
    for (const [url, param] of [
      ['/api/figures?date=05-01-2023', 'date'],
      ['/api/figures?date=2023-01-05&known=2023-13-01', 'known'],
      ['/api/figures.csv?at=1.5', 'at'],
      ['/api/statements?at=999999999', 'at'],
      ['/api/metrics/persons-convicted?at=x', 'at'],
      ['/api/metrics?lang=de', 'lang'],
    ] as const) {
      const res = await request(archive.app).get(url).expect(400);
      expect(res.body.error, url).toBeTruthy();
      expect(res.body.issues.map((i: { path: string }) => i.path), url).toEqual([param]);
    }
  });

  it('answers JSON 404 for unknown API paths', async () => {
    const res = await request(archive.app).get('/api/nothing').expect(404);
    expect(res.body).toEqual({ error: 'Not found', path: '/api/nothing' });
  });
});
