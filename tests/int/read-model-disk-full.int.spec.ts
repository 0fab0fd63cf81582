import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadArchiveDirectory } from '../../events/seed.js';
import { toArchiveEvent } from '../../events/validate.js';
import { appendArchiveEvents } from '../../src/domain/append.js';
import { getSqliteEventStore } from '../../src/store/sqlite.js';
import { newStatement } from './http-fixture.js';
import { fillFilesystem, mountNamespacesUnavailable, withMounts } from './fixtures/mounts.js';
import { startServer, type ServerProcess } from './fixtures/server.js';

const token = 'disk-full-test-token';
const cannotMount = mountNamespacesUnavailable();
if (cannotMount) console.warn(`read-model-disk-full: skipped, ${cannotMount}`);

/**
 * A real server whose read model lives on a 64 MB filesystem of its own (a tmpfs in the server's
 * mount namespace), and whose log lives on the ordinary disk. The test fills that filesystem to
 * the last byte, so SQLite's writes to the read model fail as they would on a full disk.
 */
describe.skipIf(cannotMount)('a read model whose disk fills up', () => {
  let dir: string;
  let logFile: string;
  let readDir: string;
  let server: ServerProcess;
  const post = (body: unknown) =>
    fetch(`${server.url}/api/statements`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
  const readyz = async () => {
    const res = await fetch(`${server.url}/readyz`);
    return { status: res.status, body: await res.json() };
  };

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qantar-disk-full-'));
    logFile = path.join(dir, 'log.db');
    readDir = path.join(dir, 'read');
    fs.mkdirSync(readDir);
    const store = getSqliteEventStore(logFile);
    await appendArchiveEvents(store, loadArchiveDirectory(), { via: 'import' });
    await store.close();
    server = await startServer(
      { QANTAR_STORE: `sqlite:${logFile}`, QANTAR_READ_MODEL: path.join(readDir, 'read.db'), QANTAR_EDITOR_TOKENS: `editor:${token}` },
      { launcher: withMounts({ tmpfs: [{ dir: readDir, sizeKiB: 64 * 1024 }] }) },
    );
  });
  afterAll(async () => {
    await server?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('writes are kept and answered 202, /readyz says why, and the read model catches up by itself once there is room', async () => {
    expect((await post(newStatement('before-the-disk-fills'))).status).toBe(201);

    const filler = fillFilesystem(server.process.child.pid!, readDir);
    // Another writer (an import, a second server) appends to the log meanwhile: more than the
    // read model's write-ahead log has room for, so it must grow, and cannot.
    const writer = getSqliteEventStore(logFile);
    const imported = Array.from({ length: 2000 }, (_, i) =>
      toArchiveEvent({ type: 'StatementPublished', data: newStatement(`imported-${String(i).padStart(4, '0')}`) }),
    );
    const head = (await appendArchiveEvents(writer, imported, { via: 'import' })).at(-1)!.position;
    await writer.close();
    await stuckBehind(readyz, head);

    const during = await post(newStatement('while-the-disk-is-full'));
    const accepted = await during.json();
    expect(during.status).toBe(202);
    expect(during.headers.get('location')).toBe('/api/statements/while-the-disk-is-full');
    expect(accepted).toMatchObject({ shown: false, appended: 1, note: expect.stringMatching(/log at position \d+.*disk is full/) });
    expect(BigInt(accepted.position)).toBeGreaterThan(head);
    expect((await fetch(`${server.url}${during.headers.get('location')}`)).status).toBe(404);

    const stalled = await readyz();
    expect(stalled.status).toBe(503);
    expect(stalled.body.writes.ok).toBe(true);
    expect(stalled.body.reads).toMatchObject({ ok: false, reason: expect.stringMatching(/disk is full/) });
    expect(BigInt(stalled.body.reads.lag)).toBeGreaterThan(0n);
    expect(server.process.stderr()).toMatch(/The read model could not apply log positions .*disk is full.*retrying/);

    fs.rmSync(filler);
    // No restart: the follower's next attempt finds room. Its backoff never waits more than 5 s.
    await expect
      .poll(async () => (await fetch(`${server.url}/api/statements/while-the-disk-is-full`)).status, { timeout: 30_000, interval: 250 })
      .toBe(200);
    expect((await fetch(`${server.url}/statements/imported-1999`)).status).toBe(200);
    const recovered = await readyz();
    expect(recovered.status).toBe(200);
    expect(recovered.body.reads).toMatchObject({ ok: true, lag: '0' });
    expect(server.process.lines.join('\n')).toMatch(/following the log again/);
    expect((await post(newStatement('after-the-disk-has-room'))).status).toBe(201);
  });
});

/** Waits until the read model stands still short of `head` for a second: it has stopped following. */
async function stuckBehind(readyz: () => Promise<{ body: { reads: { checkpoint?: string } } }>, head: bigint): Promise<void> {
  let last: string | undefined;
  for (let tries = 0; tries < 30; tries++) {
    const checkpoint = (await readyz()).body.reads.checkpoint;
    if (checkpoint !== undefined && BigInt(checkpoint) < head && checkpoint === last) return;
    last = checkpoint;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  throw new Error(`the read model did not stop short of position ${head}: it reached ${last}`);
}
