import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendArchiveEvents, toNewEvent } from '../../src/domain/append.js';
import type { EventStore } from '../../src/store/port.js';
import { getSqliteEventStore } from '../../src/store/sqlite.js';
import { streamChainHead } from '../../src/store/hashes.js';
import { verifyLog } from '../../src/verify/log.js';
import { correction, smallArchive } from '../fixtures/archive.js';

/** Issue 11, item 1, off HTTP: what is a retry and what is new work, for the CLI and for old logs. */
let dir: string;
let store: EventStore;
beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qantar-retries-'));
  store = getSqliteEventStore(path.join(dir, 'log.db'));
  await appendArchiveEvents(store, smallArchive, { via: 'import' });
});
afterEach(async () => {
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const titles = async () => (await store.readStream('statement-hearing')).map((e) => (e.data as { changes?: { title?: string } }).changes?.title);

describe('corrections without an expected revision (qantar append)', () => {
  it('B, then A, then B again: three corrections, none taken for a retry', async () => {
    for (const title of ['B', 'A', 'B']) {
      const [appended] = await appendArchiveEvents(store, [correction('hearing', { title })], { via: 'cli' });
      expect(appended!.written).toBe(true);
    }
    expect(await titles()).toEqual([undefined, 'B', 'A', 'B']);
    expect((await verifyLog(store, { contiguous: true })).problem).toBeUndefined();
  });

  it('the same file run twice in a row appends it once; its last change alone is a retry too', async () => {
    const file = [correction('hearing', { title: 'B' }), correction('hearing', { summary: 'Fixed summary' })];
    expect((await appendArchiveEvents(store, file, { via: 'cli' })).map((e) => e.written)).toEqual([true, true]);
    expect((await appendArchiveEvents(store, file, { via: 'cli' })).map((e) => e.written)).toEqual([false, false]);
    expect((await appendArchiveEvents(store, [file[1]!], { via: 'cli' })).map((e) => e.written)).toEqual([false]);
    expect(await titles()).toEqual([undefined, 'B', undefined]);
    // Once something else has changed the statement, the same file is new work again.
    await appendArchiveEvents(store, [correction('hearing', { title: 'C' })], { via: 'cli' });
    expect((await appendArchiveEvents(store, file, { via: 'cli' })).map((e) => e.written)).toEqual([true, true]);
    expect(await titles()).toEqual([undefined, 'B', undefined, 'C', 'B', undefined]);
  });
});

describe('ids of an older log', () => {
  it('a correction stored before ids held their revision still verifies; a forged id does not', async () => {
    const fix = correction('hearing', { title: 'Old-style id' });
    const chain = streamChainHead(await store.readStream('statement-hearing'));
    // The id as it was derived before: from stream, type and content alone (revision 0's formula).
    const legacy = toNewEvent(fix, 'cli', chain, 0n);
    await store.appendToStream('statement-hearing', [legacy], { expectedRevision: 0n });
    expect((await verifyLog(store, { contiguous: true })).problem).toBeUndefined();

    const forged = { ...toNewEvent(correction('hearing', { title: 'Forged' }), 'cli', streamChainHead(await store.readStream('statement-hearing')), 2n) };
    await store.appendToStream('statement-hearing', [{ ...forged, id: '00000000-0000-5000-8000-000000000000' }], { expectedRevision: 1n });
    expect((await verifyLog(store, { contiguous: true })).problem?.reason).toMatch(/its id is not the one its stream, revision, type and content give/);
  });
});
