import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadArchiveDirectory } from '../../events/seed.js';
import { appendArchiveEvents } from '../../src/domain/append.js';
import type { AppContext } from '../../src/http/context.js';
import { catchUp } from '../../src/read-model/follow.js';
import { openReadModel, type ReadModel } from '../../src/read-model/read-model.js';
import { sqliteArchiveReader } from '../../src/read-model/reader.js';
import { openEventStore } from '../../src/store/open.js';
import { getSqliteEventStore } from '../../src/store/sqlite.js';
import type { EventStore } from '../../src/store/port.js';
import { newStatement } from './http-fixture.js';
import { appWithHealth } from './fixtures/health-app.js';
import { startServer } from './fixtures/server.js';

const token = 'unavailable-test-token';
const auth = { Authorization: `Bearer ${token}` };
let dir: string;
let logFile: string;
const seedTitle = 'Unrest'; // part of the first seed statement's title, shown on the timeline
const logDump = () => {
  const db = new Database(logFile, { readonly: true });
  try {
    return JSON.stringify(db.prepare('SELECT * FROM events ORDER BY position').all());
  } finally {
    db.close();
  }
};

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qantar-unavailable-'));
  logFile = path.join(dir, 'log.db');
  const store = getSqliteEventStore(logFile);
  await appendArchiveEvents(store, loadArchiveDirectory(), { via: 'import' });
  await store.close();
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The app on `store`, with a read model caught up from the (readable) log beforehand: the last good one. */
async function appOn(store: EventStore, readModel: ReadModel) {
  const context: AppContext = { store, readModel, reader: sqliteArchiveReader(readModel), editors: [{ name: 'editor', token }], now: () => new Date('2024-03-01T06:00:00Z') };
  return appWithHealth(context, { writeLimit: { windowMs: 60_000, limit: 1000 } });
}

async function lastGoodReadModel(): Promise<ReadModel> {
  const store = getSqliteEventStore(logFile, { readonly: true });
  const readModel = openReadModel(':memory:');
  await catchUp(store, readModel);
  await store.close();
  return readModel;
}

/** What every "store unavailable" case owes: 503 on writes, reads from the read model, /readyz says why. */
async function expectDegraded(app: Parameters<typeof request>[0], failing: 'log' | 'writes') {
  const publish = await request(app).post('/api/statements').set(auth).send(newStatement('during-outage')).expect(503);
  expect(publish.body).toMatchObject({ code: 'STORE_UNAVAILABLE', error: expect.stringMatching(/event store is unavailable/) });
  expect(publish.headers['retry-after']).toBeDefined();
  await request(app)
    .post('/api/statements/unrest-2022-01-04/retractions')
    .set(auth)
    .set('If-Match', '"0"')
    .send({ reason: 'during the outage' })
    .expect(503);

  expect((await request(app).get('/').expect(200)).text).toContain(seedTitle);
  expect((await request(app).get('/api/statements').expect(200)).body).toBeTruthy();
  await request(app).get('/figures?date=2023-01-05').expect(200);

  await request(app).get('/healthz').expect(200);
  const ready = await request(app).get('/readyz').expect(503);
  expect(ready.body[failing]).toMatchObject({ ok: false, reason: expect.any(String) });
  expect(ready.body.reads.ok).toBe(true);
  expect(ready.body.writes.ok).toBe(false);
  return ready.body;
}

describe('store unavailable: writes answer 503, reads keep working, /readyz reports it', () => {
  it('a SQLite log opened read-only (sqlite:<file>?mode=ro)', async () => {
    const before = logDump();
    const store = await openEventStore(`sqlite:${logFile}?mode=ro`);
    const readModel = await lastGoodReadModel();
    const app = await appOn(store, readModel);
    const ready = await expectDegraded(app, 'writes');
    expect(ready.log.ok).toBe(true);
    expect(ready.writes.reason).toMatch(/readonly/);
    expect(JSON.stringify(ready)).not.toContain(logFile); // the public probe does not give out paths
    expect(logDump()).toBe(before);
    readModel.close();
    await store.close();
  });

  it('an unreachable EventStoreDB', async () => {
    const store = await openEventStore('esdb://127.0.0.1:1?tls=false');
    const readModel = await lastGoodReadModel();
    const app = await appOn(store, readModel);
    const ready = await expectDegraded(app, 'log');
    expect(ready.log.reason).toMatch(/UNAVAILABLE|ECONNREFUSED/);
    readModel.close();
    await store.close();
  });

  it('a healthy store is ready', async () => {
    const store = getSqliteEventStore(logFile);
    const readModel = await lastGoodReadModel();
    const app = await appOn(store, readModel);
    const ready = await request(app).get('/readyz').expect(200);
    expect(ready.body).toMatchObject({ status: 'ready', log: { ok: true }, writes: { ok: true }, reads: { ok: true } });
    readModel.close();
    await store.close();
  });

  // Root ignores file permissions, so the server runs as `nobody` when the test runs as root.
  it('a real server whose log file is not writable (chmod 0444), with a damaged read model', async () => {
    fs.chmodSync(dir, 0o755); // mkdtemp makes it 0700: the server's user must be able to reach inside
    const copy = path.join(dir, 'served');
    fs.mkdirSync(copy, { mode: 0o777 });
    fs.chmodSync(copy, 0o777);
    const served = path.join(copy, 'log.db');
    fs.copyFileSync(logFile, served);
    fs.chmodSync(served, 0o444);
    const readFile = path.join(copy, 'read.db');
    fs.writeFileSync(readFile, Buffer.alloc(8192, 0x5a));
    fs.chmodSync(readFile, 0o666);
    const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    const server = await startServer(
      { QANTAR_STORE: `sqlite:${served}`, QANTAR_READ_MODEL: readFile, QANTAR_EDITOR_TOKENS: `editor:${token}` },
      asNobody,
    );
    try {
      expect(server.process.lines.join('\n')).toMatch(/Rebuilding the read model from the log: the read model could not be read/);
      const post = await fetch(`${server.url}/api/statements`, {
        method: 'POST',
        headers: { ...auth, 'Content-Type': 'application/json' },
        body: JSON.stringify(newStatement('during-outage')),
      });
      expect(post.status).toBe(503);
      expect(await post.json()).toMatchObject({ code: 'STORE_UNAVAILABLE' });
      expect(await (await fetch(`${server.url}/`)).text()).toContain(seedTitle);
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
      const ready = await fetch(`${server.url}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({ writes: { ok: false, reason: expect.stringMatching(/readonly/) }, reads: { ok: true } });
    } finally {
      await server.stop();
    }
  });
});
