import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadArchiveDirectory } from '../../events/seed.js';
import { appendArchiveEvents } from '../../src/domain/append.js';
import { catchUp } from '../../src/read-model/follow.js';
import { openReadModel } from '../../src/read-model/read-model.js';
import { getSqliteEventStore } from '../../src/store/sqlite.js';
import { newStatement } from './http-fixture.js';
import { fillFilesystem, mountNamespacesUnavailable, withMounts } from './fixtures/mounts.js';
import { startServer, type ServerProcess } from './fixtures/server.js';

const token = 'disk-test-token';
const seedTitle = 'Unrest'; // part of the first seed statement's title, shown on the timeline
const cannotMount = mountNamespacesUnavailable();
if (cannotMount) console.warn(`full-or-read-only-disk: skipped, ${cannotMount}`);

const post = (server: ServerProcess, id: string) =>
  fetch(`${server.url}/api/statements`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(newStatement(id)),
  });
const readyz = async (server: ServerProcess) => {
  const res = await fetch(`${server.url}/readyz`);
  return { status: res.status, body: await res.json() };
};
const everyFile = (dir: string) =>
  Object.fromEntries(fs.readdirSync(dir).sort().map((name) => [name, fs.readFileSync(path.join(dir, name)).toString('base64')]));

describe.skipIf(cannotMount)('a full disk (a real server, its data on a 64 MB tmpfs)', () => {
  let dir: string;
  let server: ServerProcess;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qantar-full-disk-'));
    server = await startServer(
      { QANTAR_STORE: `sqlite:${path.join(dir, 'log.db')}`, QANTAR_EDITOR_TOKENS: `editor:${token}` },
      { launcher: withMounts({ tmpfs: [{ dir, sizeKiB: 64 * 1024 }] }) },
    );
  });
  afterAll(async () => {
    await server?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('/readyz says writes are not ok while the disk is full, and ok again once there is room', async () => {
    expect(await readyz(server)).toMatchObject({ status: 200, body: { writes: { ok: true } } });

    const filler = fillFilesystem(server.process.child.pid!, dir);
    const full = await readyz(server);
    expect(full.status).toBe(503);
    expect(full.body.writes).toMatchObject({ ok: false, reason: expect.stringMatching(/disk is \(nearly\) full: 0 bytes free/) });
    expect(full.body.reads.ok).toBe(true);
    expect(JSON.stringify(full.body)).not.toContain(dir); // the public probe gives out no paths
    // A write meanwhile is taken, or refused with 503: never a 500.
    expect([201, 202, 503]).toContain((await post(server, 'on-a-full-disk')).status);
    expect(server.process.stderr()).toMatch(/readiness: writes unavailable .*disk is \(nearly\) full/);

    fs.rmSync(filler);
    expect(await readyz(server)).toMatchObject({ status: 200, body: { writes: { ok: true } } });
  });
});

describe.skipIf(cannotMount)('a read-only filesystem (a real server, its data directory mounted read-only)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qantar-read-only-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** A log with the seed archive and its read model, closed cleanly: no -wal or -shm files beside them. */
  async function closedCleanly(name: string) {
    const data = path.join(dir, name);
    fs.mkdirSync(data);
    const store = getSqliteEventStore(path.join(data, 'log.db'));
    await appendArchiveEvents(store, loadArchiveDirectory(), { via: 'import' });
    const readModel = openReadModel(path.join(data, 'log.read.db'));
    await catchUp(store, readModel);
    readModel.close();
    await store.close();
    return data;
  }

  /** The same, left by a server killed mid-way: the -wal and -shm files are still there. */
  async function leftByACrash(name: string) {
    const data = path.join(dir, name);
    fs.mkdirSync(data);
    const server = await startServer({ QANTAR_STORE: `sqlite:${path.join(data, 'log.db')}`, QANTAR_EDITOR_TOKENS: `editor:${token}` });
    expect((await post(server, 'before-the-crash')).status).toBe(201);
    await server.process.kill('SIGKILL');
    expect(fs.readdirSync(data)).toContain('log.db-wal');
    return data;
  }

  it.each([
    ['closed cleanly', closedCleanly],
    ['left by a crash', leftByACrash],
  ])('a log %s: the server starts, says why, serves reads, and answers writes 503', async (name, prepare) => {
    const data = await prepare(name.replace(/ /g, '-'));
    const before = everyFile(data);
    const server = await startServer(
      { QANTAR_STORE: `sqlite:${path.join(data, 'log.db')}`, QANTAR_EDITOR_TOKENS: `editor:${token}` },
      { launcher: withMounts({ readOnly: [data] }) },
    );
    let copy: string | undefined;
    try {
      const said = server.process.stderr();
      expect(said).toMatch(/The log .* is on a read-only filesystem: serving reads only; writes answer 503/);
      copy = /following the log in a copy at (\S+)\./.exec(said)?.[1];
      expect(copy).toBeDefined();

      expect(await (await fetch(`${server.url}/`)).text()).toContain(seedTitle);
      expect((await fetch(`${server.url}/api/statements/unrest-2022-01-04`)).status).toBe(200);
      if (name === 'left by a crash') expect((await fetch(`${server.url}/api/statements/before-the-crash`)).status).toBe(200);
      const refused = await post(server, 'on-a-read-only-disk');
      expect(refused.status).toBe(503);
      expect(await refused.json()).toMatchObject({ code: 'STORE_UNAVAILABLE' });
      expect(refused.headers.get('retry-after')).toBeDefined();
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
      expect(await readyz(server)).toMatchObject({
        status: 503,
        body: { log: { ok: true }, writes: { ok: false, reason: expect.stringMatching(/readonly/) }, reads: { ok: true, lag: '0' } },
      });
    } finally {
      await server.stop();
    }
    expect(everyFile(data)).toEqual(before);
    // The copy lived in the server's temp directory and went with it.
    expect(fs.existsSync(path.dirname(copy!))).toBe(false);
  });
});
