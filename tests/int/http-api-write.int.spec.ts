import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { StoreUnavailableError } from '../../src/store/errors.js';
import type { EventStore } from '../../src/store/port.js';
import { editorToken, newStatement, openTestArchive, type TestArchive } from './http-fixture.js';

let archive: TestArchive;
beforeAll(async () => {
  archive = await openTestArchive();
});
afterAll(() => archive.close());

const auth = { Authorization: `Bearer ${editorToken}` };
const post = (url: string, body: unknown, headers: Record<string, string> = auth) =>
  request(archive.app).post(url).set(headers).send(body as object);

describe('POST /api/statements', () => {
  it('refuses writes with 403 and says how to enable them when no token is configured', async () => {
    const closed = await openTestArchive({ tokens: [] });
    try {
      const res = await request(closed.app).post('/api/statements').set(auth).send(newStatement('x')).expect(403);
      expect(res.body.error).toContain('QANTAR_EDITOR_TOKENS');
    } finally {
      await closed.close();
    }
  });

  it('answers 401 without a token or with a wrong one, and never echoes or logs it', async () => {
    const log = vi.spyOn(console, 'log');
    const error = vi.spyOn(console, 'error');
    const missing = await post('/api/statements', newStatement('x'), {}).expect(401);
    expect(missing.headers['www-authenticate']).toMatch(/^Bearer/);
    const wrong = await post('/api/statements', newStatement('x'), { Authorization: 'Bearer not-the-token' }).expect(401);
    expect(JSON.stringify(wrong.body)).not.toContain('not-the-token');
    for (const call of [...log.mock.calls, ...error.mock.calls]) expect(JSON.stringify(call)).not.toContain('not-the-token');
    log.mockRestore();
    error.mockRestore();
  });

  it('appends: 201 with Location and position; an identical retry is 200 and appends nothing', async () => {
    const body = newStatement('api-new-statement');
    const created = await post('/api/statements', body).expect(201);
    expect(created.headers.location).toBe('/api/statements/api-new-statement');
    expect(created.body).toMatchObject({ id: 'api-new-statement', url: '/statements/api-new-statement', revision: '0', appended: 1 });
    expect(created.body.position).toBe(await archive.head());
    // The read model has caught up before the answer: the statement is there at once.
    await request(archive.app).get('/api/statements/api-new-statement').expect(200);

    const head = await archive.head();
    const retry = await post('/api/statements', body).expect(200);
    expect(retry.body).toMatchObject({ appended: 0, position: created.body.position });
    expect(await archive.head()).toBe(head);
  });

  it('answers 409 for the same id with other content', async () => {
    await post('/api/statements', newStatement('api-conflict')).expect(201);
    const res = await post('/api/statements', newStatement('api-conflict', { title: 'Something else' })).expect(409);
    expect(res.body).toMatchObject({ code: 'DUPLICATE', issues: [{ path: 'id' }] });
  });

  it('answers 400 listing every invalid field, and leaves the log unchanged', async () => {
    const head = await archive.head();
    const res = await post('/api/statements', newStatement('bad one', {
      publishedOn: '2023-02-30',
      sources: [{ title: 'x', url: 'javascript:alert(1)' }],
      extra: true,
    })).expect(400);
    const paths = res.body.issues.map((i: { path: string }) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['id', 'publishedOn', 'sources.0.url']));
    expect(res.body.issues.every((i: { message: string }) => i.message.length > 0)).toBe(true);
    expect(await archive.head()).toBe(head);
  });

  it('answers 400 naming the figure whose metric is unknown', async () => {
    const res = await post('/api/statements', newStatement('api-unknown-metric', {
      figures: [{ metric: 'no-such-metric', value: 1, unit: 'persons', wording: 'one' }],
    })).expect(400);
    expect(res.body).toMatchObject({ code: 'UNKNOWN_METRIC', issues: [{ path: 'figures.0.metric' }] });
  });

  it('takes { statement, metrics } to define new metrics with the statement', async () => {
    const metric = { id: 'api-new-metric', label: 'A new count', unit: 'persons', topic: 'victims', description: 'Counted by a new source.' };
    const statement = newStatement('api-with-metric', { figures: [{ metric: 'api-new-metric', value: 12, unit: 'persons', wording: 'twelve' }] });
    const res = await post('/api/statements', { statement, metrics: [metric] }).expect(201);
    expect(res.body.appended).toBe(2);
    await request(archive.app).get('/api/metrics/api-new-metric').expect(200);
    const bad = await post('/api/statements', { statement: newStatement('api-with-bad-metric'), metrics: [{ ...metric, id: 'x', unit: 'litres' }] }).expect(400);
    expect(bad.body.issues.map((i: { path: string }) => i.path)).toContain('metrics.0.unit');
  });

  it('answers 400 for malformed JSON and for a body that is not an object', async () => {
    await request(archive.app).post('/api/statements').set(auth).set('Content-Type', 'application/json').send('{"id":').expect(400);
    const res = await post('/api/statements', [1, 2]).expect(400);
    expect(res.body.issues[0].message).toMatch(/JSON object/);
    await request(archive.app).post('/api/statements').set(auth).send('id=x').expect(400);
  });

  it('answers 413 for a body over the size limit', async () => {
    const huge = newStatement('api-huge', { summary: 'x'.repeat(200_000) });
    await post('/api/statements', huge).expect(413);
  });
});

describe('corrections and retractions', () => {
  const id = 'api-to-correct';
  beforeAll(async () => {
    await post('/api/statements', newStatement(id)).expect(201);
  });
  const correction = { reason: 'The release gave 1,110, not 1,100.', changes: { figures: [{ metric: 'persons-convicted', value: 1110, unit: 'persons', asOf: '2022-12-01', wording: '1,110 persons' }] } };

  it('requires If-Match (428), refuses a stale one (412), and applies a current one', async () => {
    await post(`/api/statements/${id}/corrections`, correction).expect(428);
    const etag = (await request(archive.app).get(`/api/statements/${id}`).expect(200)).headers.etag!;
    const done = await post(`/api/statements/${id}/corrections`, correction, { ...auth, 'If-Match': etag }).expect(200);
    expect(done.body.revision).toBe('1');
    expect(done.headers.etag).toBe('"1"');
    const stale = await post(`/api/statements/${id}/corrections`, { ...correction, reason: 'Another fix' }, { ...auth, 'If-Match': etag }).expect(412);
    expect(stale.body.code).toBe('CONFLICT');
    const after = await request(archive.app).get(`/api/statements/${id}`).expect(200);
    expect(after.headers.etag).toBe('"1"');
    expect(after.body.figures[0].value).toBe(1110);
  });

  it('answers 400 for an invalid correction or If-Match, 404 for an unknown statement', async () => {
    const bad = await post(`/api/statements/${id}/corrections`, { reason: '', changes: {} }, { ...auth, 'If-Match': '"1"' }).expect(400);
    expect(bad.body.issues.map((i: { path: string }) => i.path)).toEqual(expect.arrayContaining(['reason', 'changes']));
    await post(`/api/statements/${id}/corrections`, correction, { ...auth, 'If-Match': 'yesterday' }).expect(400);
    await post('/api/statements/no-such-statement/corrections', correction, { ...auth, 'If-Match': '"0"' }).expect(404);
  });

  it('retracts with If-Match; the figures go, the statement stays readable as retracted', async () => {
    await post(`/api/statements/${id}/retractions`, { reason: 'Entered in error' }).expect(428);
    await post(`/api/statements/${id}/retractions`, { reason: 'Entered in error' }, { ...auth, 'If-Match': '"1"' }).expect(200);
    const statement = await request(archive.app).get(`/api/statements/${id}`).expect(200);
    expect(statement.body.status).toBe('retracted');
    const figures = await request(archive.app).get('/api/figures?date=2022-12-31').expect(200);
    expect(figures.body.figures.find((f: { statementId: string }) => f.statementId === id)).toBeUndefined();
    await post(`/api/statements/${id}/corrections`, { ...correction, reason: 'Too late' }, { ...auth, 'If-Match': '"2"' }).expect(409);
  });
});

describe('limits and failures', () => {
  it('rate-limits writes with 429', async () => {
    const limited = await openTestArchive({ app: { writeLimit: { windowMs: 60_000, limit: 2 } } });
    try {
      for (let i = 0; i < 2; i++) await request(limited.app).post('/api/statements').set(auth).send(newStatement(`rate-${i}`)).expect(201);
      const res = await request(limited.app).post('/api/statements').set(auth).send(newStatement('rate-3')).expect(429);
      expect(res.body.error).toMatch(/Too many writes/);
      await request(limited.app).get('/api/statements').expect(200);
    } finally {
      await limited.close();
    }
  });

  it('answers 503 when the event store is unavailable', async () => {
    const down = (): never => {
      throw new StoreUnavailableError('sqlite:test', 'disk unplugged');
    };
    const broken = await openTestArchive();
    const store: EventStore = { ...broken.store, streamRevision: async () => down(), appendToStream: async () => down() };
    const failing = await openTestArchive({ context: { store } });
    try {
      const res = await request(failing.app).post('/api/statements').set(auth).send(newStatement('down')).expect(503);
      expect(res.headers['retry-after']).toBe('5');
      expect(res.body.code).toBe('STORE_UNAVAILABLE');
    } finally {
      await failing.close();
      await broken.close();
    }
  });
});
