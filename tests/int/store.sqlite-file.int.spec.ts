/**
 * What only the SQLite adapter promises, beyond the shared contract: durability settings,
 * a file that outlives the process, writers in other processes, and gap-free positions.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DuplicateEventIdError, StoreUnavailableError, WrongExpectedRevisionError } from '../../src/store/errors.js';
import type { EventStore, RecordedEvent } from '../../src/store/port.js';
import { getSqliteEventStore } from '../../src/store/sqlite.js';
import { eventually, expectStoreError, newEvent, newEvents } from './store-contract.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

let dir: string;
let file: string;
let opened: EventStore[];
const open = (options: Parameters<typeof getSqliteEventStore>[1] = {}) => {
  const store = getSqliteEventStore(file, options);
  opened.push(store);
  return store;
};

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qantar-sqlite-'));
  file = path.join(dir, 'events.db');
  opened = [];
});
afterEach(async () => {
  vi.restoreAllMocks();
  for (const store of opened) await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('sqlite event store file', () => {
  it('is in WAL mode, and the store connection writes with synchronous=FULL', () => {
    // synchronous is per connection (a fresh one gets better-sqlite3's default, NORMAL),
    // so ask the store's own connection, caught as it sets its pragmas.
    const pragma = vi.spyOn(Database.prototype, 'pragma');
    open();
    const connection = (pragma.mock.contexts as Database.Database[]).find((db) => db.name === file);
    expect(connection).toBeDefined();
    expect(connection!.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(connection!.pragma('journal_mode', { simple: true })).toBe('wal');

    const other = new Database(file, { readonly: true });
    try {
      expect(other.pragma('journal_mode', { simple: true })).toBe('wal'); // WAL persists in the file
    } finally {
      other.close();
    }
  });

  it('keeps events across closing and reopening, and appends after them', async () => {
    const stream = 'doc-1';
    const first = open();
    const batch = newEvents(stream, 3);
    await first.appendToStream(stream, batch, { expectedRevision: 'no_stream' });
    const before = await first.readStream(stream);
    await first.close();

    const second = open();
    expect(await second.readStream(stream)).toEqual(before);
    expect(await second.headPosition()).toBe(3n);
    const next = await second.appendToStream(stream, newEvents(stream, 1, 'next'), { expectedRevision: 2n });
    expect(next).toEqual({ nextRevision: 3n, position: 4n, written: true });
  });

  it('a subscription sees events that another process appends to the file', async () => {
    const store = open({ pollMs: 20 });
    await store.appendToStream('doc-0', newEvents('doc-0', 1));
    const seen: RecordedEvent[] = [];
    const subscription = store.subscribeToAll((batch) => void seen.push(...batch), { after: 1n });
    try {
      await subscription.caughtUp;
      await appendFromAnotherProcess(file, 'doc-1', 3);
      await eventually(() => expect(seen.map((e) => [e.stream, e.revision])).toEqual([
        ['doc-1', 0n],
        ['doc-1', 1n],
        ['doc-1', 2n],
      ]));
      expect(seen.map((e) => e.position)).toEqual([2n, 3n, 4n]);
    } finally {
      await subscription.unsubscribe();
    }
  });

  it('a store opened read-only throws StoreUnavailableError on append, and still reads', async () => {
    // chmod does not stop root, which runs these tests; a read-only connection stops everyone.
    const writer = open();
    await writer.appendToStream('doc-1', newEvents('doc-1', 1));
    await writer.close();

    const reader = open({ readonly: true });
    await expectStoreError(
      reader.appendToStream('doc-1', newEvents('doc-1', 1, 'more')),
      StoreUnavailableError,
      'STORE_UNAVAILABLE',
    );
    expect(await reader.readStream('doc-1')).toHaveLength(1);
  });

  it('an append that cannot get the write lock throws StoreUnavailableError', async () => {
    const store = open();
    const locker = new Database(file);
    locker.exec('BEGIN EXCLUSIVE');
    try {
      // The store waits out its busy timeout (5 s) before giving up.
      await expectStoreError(
        store.appendToStream('doc-1', newEvents('doc-1', 1)),
        StoreUnavailableError,
        'STORE_UNAVAILABLE',
      );
    } finally {
      locker.exec('ROLLBACK');
      locker.close();
    }
    expect(await store.streamRevision('doc-1')).toBeUndefined();
  });

  it('a path that cannot hold a database throws StoreUnavailableError on opening', () => {
    fs.mkdirSync(file);
    expect(() => open()).toThrow(StoreUnavailableError);
  });

  it('positions run 1..N without gaps, whatever appends failed on the way', async () => {
    const store = open();
    await store.appendToStream('doc-1', newEvents('doc-1', 2), { expectedRevision: 'no_stream' });
    await expect(
      store.appendToStream('doc-1', newEvents('doc-1', 1, 'stale'), { expectedRevision: 0n }),
    ).rejects.toThrow(WrongExpectedRevisionError);
    const taken = newEvents('doc-1', 1)[0]!;
    await expect(store.appendToStream('doc-2', [...newEvents('doc-2', 1), taken])).rejects.toThrow(
      DuplicateEventIdError,
    );
    // The second event cannot be serialised, so the first is inserted, then rolled back.
    await expect(
      store.appendToStream('doc-3', [newEvent('doc-3', { n: 0 }), { ...newEvent('doc-3', { n: 1 }), data: 1n }]),
    ).rejects.toThrow();
    await store.appendToStream('doc-3', newEvents('doc-3', 2), { expectedRevision: 'no_stream' });
    await store.appendToStream('doc-1', newEvents('doc-1', 1, 'next'), { expectedRevision: 1n });

    const positions = (await store.readAll()).map((e) => e.position);
    expect(positions).toEqual([1n, 2n, 3n, 4n, 5n]);
    expect(await store.headPosition()).toBe(5n);
  });
});

/** Another OS process, with its own connection, appends `count` events to `stream`. */
async function appendFromAnotherProcess(db: string, stream: string, count: number): Promise<void> {
  const script = path.join(dir, 'writer.mts');
  const module = (p: string) => JSON.stringify(new URL(p, `file://${repoRoot}/`).href);
  fs.writeFileSync(
    script,
    `import { getSqliteEventStore } from ${module('src/store/sqlite.ts')};
     import { eventIdFor } from ${module('src/store/ids.ts')};
     const [file, stream, count] = process.argv.slice(2);
     const store = getSqliteEventStore(file);
     for (let n = 0; n < Number(count); n++) {
       const data = { from: 'another process', n };
       await store.appendToStream(stream, [{ id: eventIdFor(stream, 'Written', data), type: 'Written', data, metadata: {} }]);
     }
     await store.close();
    `,
  );
  await promisify(execFile)(process.execPath, ['--import', 'tsx', script, db, stream, String(count)], {
    cwd: repoRoot,
    timeout: 30_000,
  });
}
