/**
 * /history on an archive kept in EventStoreDB (the protocol double, through the real client over
 * real gRPC, the app over real HTTP): a cursor that is not an event's position is the request's
 * fault, and the page says so, instead of claiming the store is down.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { archiveStreamPrefixes } from '../../events/types.js';
import { appendArchiveEvents } from '../../src/domain/append.js';
import { createApp } from '../../src/http/app.js';
import { followStore } from '../../src/read-model/follow.js';
import { openReadModel } from '../../src/read-model/read-model.js';
import { sqliteArchiveReader } from '../../src/read-model/reader.js';
import type { Subscription } from '../../src/store/port.js';
import { smallArchive } from '../fixtures/archive.js';
import { storeOnDouble } from '../protocol-double/fixture.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qantar-esdb-history-'));
let opened: Awaited<ReturnType<typeof storeOnDouble>>;
let following: Subscription;
let readModel: ReturnType<typeof openReadModel>;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  opened = await storeOnDouble();
  await appendArchiveEvents(opened.store, smallArchive, { via: 'import' });
  readModel = openReadModel(path.join(dir, 'read.db'));
  following = followStore(opened.store, readModel);
  await following.caughtUp;
  const context = { store: opened.store, readModel, reader: sqliteArchiveReader(readModel), editors: [], now: () => new Date('2024-03-01T06:00:00Z') };
  app = createApp(context, { sessionSecret: 'test-session-secret' });
});
afterAll(async () => {
  await following.unsubscribe();
  readModel.close();
  await opened.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('/history on EventStoreDB (protocol double)', () => {
  it('a `before` cursor inside a record answers 400 naming it, not 503; a real cursor pages on', async () => {
    const [first, second] = await opened.store.readAll({ maxCount: 2, streamPrefixes: archiveStreamPrefixes });
    const inside = first!.position + 1n;

    const refused = await request(app).get(`/history?before=${inside}`).set('Accept', 'text/html');
    expect(refused.status).toBe(400);
    expect(refused.text).toContain(`${inside} is not the position of an event in this log`);

    const paged = await request(app).get(`/history?before=${second!.position}`).set('Accept', 'text/html');
    expect(paged.status).toBe(200);
    expect(paged.text).toContain(first!.stream);
  });

  it('an `after` cursor reads towards the newest from an event position, and refuses one inside a record', async () => {
    const [first, second] = await opened.store.readAll({ maxCount: 2, streamPrefixes: archiveStreamPrefixes });
    const newer = await request(app).get(`/history?after=${first!.position}&limit=1`).set('Accept', 'text/html');
    expect(newer.status).toBe(200);
    expect(newer.text).toContain(`<th scope="row">${second!.position}</th>`);
    expect(newer.text).not.toContain(`<th scope="row">${first!.position}</th>`);
    const inside = await request(app).get(`/history?after=${first!.position + 1n}`).set('Accept', 'text/html');
    expect(inside.status).toBe(400);
    expect(inside.text).toContain(`${first!.position + 1n} is not the position of an event in this log`);
  });
});
