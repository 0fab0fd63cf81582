import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { toArchiveEvent } from '../../events/validate.js';
import { catchUp } from '../../src/read-model/follow.js';
import { openReadModel, sqliteHandleOf } from '../../src/read-model/read-model.js';
import { getSqliteEventStore } from '../../src/store/sqlite.js';
import { verifyArchive } from '../../src/verify/verify.js';
import { dumpTables } from '../fixtures/read-model.js';
import { startTsx } from './fixtures/process.js';

const kills = Number(process.env.QANTAR_CRASH_KILLS ?? 20);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qantar-crash-'));
const logFile = path.join(dir, 'log.db');
const readFile = path.join(dir, 'read.db');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const randomMs = (min: number, max: number) => min + Math.floor(Math.random() * (max - min));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Follows the read model in this process, as a server restarting between crashes would. */
async function followOnce() {
  const store = getSqliteEventStore(logFile, { readonly: true });
  const readModel = openReadModel(readFile);
  try {
    await catchUp(store, readModel);
  } finally {
    readModel.close();
    await store.close();
  }
}

describe('crash safety: a writer killed with SIGKILL, again and again', () => {
  it(`loses no acknowledged event, leaves none half-written, and the read model catches up exactly (${kills} kills)`, async () => {
    const acknowledged = new Set<string>();
    let survived = 0;
    let readersKilledMidway = 0;
    for (let round = 0; round < kills; round++) {
      const writer = startTsx('tests/int/fixtures/writer.ts', [logFile, `r${round}`]);
      // Most kills land in the append loop; every fifth lands while the catalogue may still be seeding.
      await writer.waitForLine(round % 5 === 0 ? /^opened$/ : /^ready$/);
      await sleep(round % 5 === 0 ? randomMs(0, 60) : randomMs(20, 250));
      await writer.kill('SIGKILL');
      expect((await writer.exited).signal).toBe('SIGKILL');
      for (const line of writer.lines) if (line.startsWith('ack ')) acknowledged.add(line.slice(4));
      survived += 1;

      if (round % 2 === 0) await followOnce();
      if (round % 4 === 1) {
        // A reader killed mid-catch-up: a batch lands with its checkpoint, or not at all.
        const follower = startTsx('tests/int/fixtures/follower.ts', [logFile, readFile]);
        await follower.waitForLine(/^opened$/);
        await sleep(randomMs(0, 40));
        await follower.kill('SIGKILL');
        if (!follower.lines.includes('caught up')) readersKilledMidway += 1;
      }
    }
    console.log(
      `crash test: ${survived} writer SIGKILLs survived (+${readersKilledMidway} readers killed mid-catch-up), ${acknowledged.size} acknowledged events`,
    );
    expect(survived).toBeGreaterThanOrEqual(20);
    expect(acknowledged.size).toBeGreaterThan(0);

    // Raw rows: every acknowledged id is there, every event parses and validates, positions are 1..N.
    const db = new Database(logFile, { readonly: true });
    const rows = db.prepare('SELECT position, id, type, data, metadata FROM events ORDER BY position').all() as {
      position: number;
      id: string;
      type: string;
      data: string;
      metadata: string;
    }[];
    db.close();
    const ids = new Set(rows.map((r) => r.id));
    const lost = [...acknowledged].filter((id) => !ids.has(id));
    console.log(`crash test: ${rows.length} events in the log, ${lost.length} acknowledged events lost`);
    expect(lost).toEqual([]);
    expect(rows.map((r) => r.position)).toEqual(rows.map((_, i) => i + 1));
    for (const r of rows) {
      expect(() => toArchiveEvent({ type: r.type, data: JSON.parse(r.data) })).not.toThrow();
      expect(JSON.parse(r.metadata)).toHaveProperty('chainHash');
    }

    // The read model followed across kills equals one rebuilt from scratch, and every hash chain holds.
    await followOnce();
    const store = getSqliteEventStore(logFile, { readonly: true });
    const report = await verifyArchive(store, { contiguous: true, readModelFile: readFile });
    expect(report.log.problem).toBeUndefined();
    expect(report.readModel?.problem).toBeUndefined();
    expect(report.readModel?.checkpoint).toBe(BigInt(rows.length));
    const rebuilt = openReadModel(':memory:');
    await catchUp(store, rebuilt);
    const followed = new Database(readFile, { readonly: true });
    expect(dumpTables(followed)).toBe(dumpTables(sqliteHandleOf(rebuilt)));
    followed.close();
    rebuilt.close();
    await store.close();
  }, 150_000);
});
