import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadArchiveDirectory } from '../../events/seed.js';
import { appendArchiveEvents } from '../../src/domain/append.js';
import { migrate, MigrationDivergedError } from '../../src/migrate/migrate.js';
import { eventIdFor } from '../../src/store/ids.js';
import { getInMemoryEventStore } from '../../src/store/memory.js';
import type { EventStore } from '../../src/store/port.js';
import { getSqliteEventStore } from '../../src/store/sqlite.js';
import { qantar } from '../fixtures/cli.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qantar-migrate-'));
afterAll(async () => {
  await source.close();
  fs.rmSync(dir, { recursive: true, force: true });
});
let files = 0;
const sqliteFile = () => path.join(dir, `log-${++files}.db`);
// Small pages, so every test crosses many page boundaries.
const pageSize = 7;

/** The seed archive, then events whose metadata has nested values and keys in no sorted order. */
async function seeded(store: EventStore): Promise<EventStore> {
  await appendArchiveEvents(store, loadArchiveDirectory(), { via: 'import' });
  for (let i = 0; i < 12; i++) {
    const stream = `note-${i % 3}`;
    const data = { n: i, text: `note ${i}`, nested: { z: [1, 'two'], a: null } };
    const metadata = { via: 'test', schemaVersion: 1, trace: { span: i, zone: 'Asia/Almaty' } };
    await store.appendToStream(stream, [{ id: eventIdFor(stream, 'NoteTaken', data), type: 'NoteTaken', data, metadata }]);
  }
  return store;
}

/** Everything a migration keeps, in log order. */
const kept = async (store: EventStore) =>
  (await store.readAll()).map(({ id, stream, revision, type, data, metadata }) => ({ id, stream, revision, type, data, metadata }));

/** The target, counting appends; with `failAfter`, it fails like a crash once that many were written. */
function watched(store: EventStore, failAfter = Infinity) {
  const counts = { appends: 0 };
  const wrapped: EventStore = {
    ...store,
    async appendToStream(stream, events, options) {
      if (counts.appends >= failAfter) throw new Error('connection lost');
      counts.appends += 1;
      return store.appendToStream(stream, events, options);
    },
  };
  return { store: wrapped, counts };
}

const source = await seeded(getSqliteEventStore(sqliteFile()));
const sourceEvents = await kept(source);
const total = sourceEvents.length;

describe('qantar migrate', () => {
  it.each([
    ['SQLite', () => getSqliteEventStore(sqliteFile())],
    ['memory', () => getInMemoryEventStore()],
  ])('copies SQLite to %s keeping ids, order, revisions, data and metadata', async (_, open) => {
    const target = open();
    const report = await migrate(source, target, { pageSize });
    expect(await kept(target)).toEqual(sourceEvents);
    expect(report).toMatchObject({ copied: total, skipped: 0, verified: true });
    expect(report.target).toEqual({ count: total, sha256: report.source.sha256 });
    // Archive time is the target's own: positions 1..n here whatever they were in the source.
    expect((await target.readAll()).map((e) => e.position)).toEqual(sourceEvents.map((_, i) => BigInt(i + 1)));
  });

  it('copies nothing on a re-run, and does not append to find that out', async () => {
    const file = sqliteFile();
    await migrate(source, getSqliteEventStore(file), { pageSize });
    const target = watched(getSqliteEventStore(file));
    const report = await migrate(source, target.store, { pageSize });
    expect(report).toMatchObject({ copied: 0, skipped: total, verified: true });
    expect(target.counts.appends).toBe(0);
  });

  it('resumes an interrupted copy and completes it with the same hashes', async () => {
    const file = sqliteFile();
    const crashing = watched(getSqliteEventStore(file), 40);
    await expect(migrate(source, crashing.store, { pageSize })).rejects.toThrow('connection lost');
    const target = getSqliteEventStore(file);
    expect(await kept(target)).toEqual(sourceEvents.slice(0, 40));

    const resumed = watched(target);
    const report = await migrate(source, resumed.store, { pageSize });
    expect(report).toMatchObject({ copied: total - 40, skipped: 40, verified: true });
    expect(resumed.counts.appends).toBe(total - 40);
    expect(report.target.sha256).toBe(report.source.sha256);
    expect(await kept(target)).toEqual(sourceEvents);
  });

  it('leaves other streams of the target alone and verifies only the migrated ones', async () => {
    const target = getInMemoryEventStore();
    const data = { local: true };
    await target.appendToStream('local-1', [{ id: eventIdFor('local-1', 'Kept', data), type: 'Kept', data, metadata: {} }]);
    const report = await migrate(source, target, { pageSize });
    expect(report).toMatchObject({ copied: total, verified: true });
    expect((await kept(target)).filter((e) => e.stream !== 'local-1')).toEqual(sourceEvents);
  });

  it('refuses a target holding another event at one of the source stream revisions', async () => {
    const target = getInMemoryEventStore();
    const data = { n: 99 };
    const foreignId = eventIdFor('note-1', 'NoteTaken', data);
    await target.appendToStream('note-1', [{ id: foreignId, type: 'NoteTaken', data, metadata: {} }]);
    const refused = migrate(source, target, { pageSize });
    await expect(refused).rejects.toBeInstanceOf(MigrationDivergedError);
    await expect(refused).rejects.toThrow(
      new RegExp(`diverges from the source at note-1 revision 0: .* the target holds event ${foreignId} \\(NoteTaken\\)`),
    );
    // Everything before the conflict was copied, nothing after it.
    const firstNote1 = sourceEvents.findIndex((e) => e.stream === 'note-1');
    expect((await kept(target)).length).toBe(1 + firstNote1);
  });

  it('refuses the same event with other metadata, and reports a target stream longer than the source', async () => {
    const [first] = sourceEvents;
    const changed = getInMemoryEventStore();
    await changed.appendToStream(first!.stream, [{ ...first!, metadata: { via: 'forged' } }]);
    await expect(migrate(source, changed, { pageSize })).rejects.toThrow('its metadata differs');

    const longer = getInMemoryEventStore();
    await migrate(source, longer, { pageSize });
    const data = { n: 100 };
    await longer.appendToStream('note-2', [{ id: eventIdFor('note-2', 'NoteTaken', data), type: 'NoteTaken', data, metadata: {} }]);
    const report = await migrate(source, longer, { pageSize });
    expect(report).toMatchObject({ copied: 0, verified: false, target: { count: total + 1, beyondSource: expect.stringMatching(/^note-2 revision 4/) } });
  });

  it('stops at a source stream whose revisions do not run 0, 1, 2… (truncated on EventStoreDB)', async () => {
    const truncated: EventStore = {
      ...source,
      readAll: async (o) => (await source.readAll(o)).map((e) => (e.stream === 'note-0' ? { ...e, revision: e.revision + 5n } : e)),
    };
    await expect(migrate(truncated, getInMemoryEventStore(), { pageSize })).rejects.toThrow(
      'The source stream note-0 goes to revision 5 where 0 was due',
    );
  });

  it('runs from the command line between two SQLite files, and again with nothing to copy', async () => {
    const from = sqliteFile();
    await seeded(getSqliteEventStore(from)).then((s) => s.close());
    const to = sqliteFile();
    const first = qantar(['migrate', '--from', `sqlite:${from}`, '--to', `sqlite:${to}`]);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`${total} events copied, 0 already in the target`);
    const [sourceHash, targetHash] = [...first.stdout.matchAll(/sha256 ([0-9a-f]{64})/g)].map((m) => m[1]);
    expect(targetHash).toBe(sourceHash);
    expect(first.stdout).toContain('Verified');
    expect(await kept(getSqliteEventStore(to))).toEqual(sourceEvents);

    const again = qantar(['migrate', '--from', `sqlite:${from}`, '--to', `sqlite:${to}`]);
    expect(again.stdout).toContain(`0 events copied, ${total} already in the target`);
    expect(again.stdout).toContain(`sha256 ${sourceHash}`);

    const missing = qantar(['migrate', '--from', `sqlite:${path.join(dir, 'typo.db')}`, '--to', `sqlite:${to}`]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('does not exist');
  });
});
