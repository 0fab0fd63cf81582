import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadArchiveDirectory } from '../../events/seed.js';
import { appendArchiveEvents } from '../../src/domain/append.js';
import { catchUp } from '../../src/read-model/follow.js';
import { openReadModel, sqliteHandleOf } from '../../src/read-model/read-model.js';
import { getSqliteEventStore } from '../../src/store/sqlite.js';
import type { EventStore } from '../../src/store/port.js';
import { dumpTables } from '../fixtures/read-model.js';

let dir: string;
let file: string;
let store: EventStore;
let healthy: string;

/** The seed log, and a read model of it on disk whose dump is the reference. */
beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qantar-damage-'));
  file = path.join(dir, 'read.db');
  store = getSqliteEventStore(path.join(dir, 'log.db'));
  await appendArchiveEvents(store, loadArchiveDirectory(), { via: 'import' });
  const readModel = openReadModel(file);
  await catchUp(store, readModel);
  healthy = dumpTables(sqliteHandleOf(readModel));
  readModel.close();
});
afterEach(async () => {
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Opens the read model as the server does on start, catches it up, and returns why it was rebuilt. */
async function reopen() {
  const readModel = openReadModel(file);
  try {
    await catchUp(store, readModel);
    expect(dumpTables(sqliteHandleOf(readModel))).toBe(healthy);
    return readModel.rebuiltBecause;
  } finally {
    readModel.close();
  }
}

const overwrite = (offset: number, bytes: Buffer) => {
  const fd = fs.openSync(file, 'r+');
  fs.writeSync(fd, bytes, 0, bytes.length, offset);
  fs.closeSync(fd);
};
const garbage = (n: number) => Buffer.from(Array.from({ length: n }, (_, i) => (i * 7919 + 13) % 256));

describe('a damaged or lost read model is rebuilt from the log, and says why', () => {
  it('a healthy read model is reopened, not rebuilt', async () => {
    expect(await reopen()).toBeUndefined();
  });

  it('deleted', async () => {
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${file}${suffix}`, { force: true });
    expect(await reopen()).toMatch(/did not exist/);
  });

  it('overwritten with garbage', async () => {
    fs.writeFileSync(file, garbage(64 * 1024));
    expect(await reopen()).toMatch(/could not be read/);
  });

  it('truncated to half its size', async () => {
    fs.truncateSync(file, Math.floor(fs.statSync(file).size / 2));
    expect(await reopen()).toMatch(/could not be read|missing/);
  });

  it('one page in the middle overwritten', async () => {
    const size = fs.statSync(file).size;
    overwrite(Math.floor(size / 4096 / 2) * 4096, garbage(4096));
    expect(await reopen()).toMatch(/could not be read/);
  });

  it('emptied to zero bytes', async () => {
    fs.writeFileSync(file, '');
    expect(await reopen()).toMatch(/was empty/);
  });

  it('written by another version of the projections', async () => {
    const readModel = openReadModel(file);
    sqliteHandleOf(readModel).pragma('user_version = 999');
    readModel.close();
    expect(await reopen()).toMatch(/version 999/);
  });
});
