import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendArchiveEvents } from '../../src/domain/append.js';
import { StoreUnavailableError } from '../../src/store/errors.js';
import { getSqliteEventStore } from '../../src/store/sqlite.js';
import { formatHead } from '../../src/verify/log-chain.js';
import { verifyLog } from '../../src/verify/log.js';
import { correction, smallArchive } from '../fixtures/archive.js';
import { qantar } from '../fixtures/cli.js';
import { eventually } from './store-contract.js';
import { startTsx } from './fixtures/process.js';

// Archive time (log positions and recorded times) as only the log holds it: no read model here,
// so nothing but the log-wide chain can notice a rewrite of it.
let dir: string;
let logFile: string;

/** Six events: two metrics (1, 2), three statements (3, 4, 5), a correction of the second (6). */
beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qantar-log-chain-'));
  logFile = path.join(dir, 'log.db');
  const store = getSqliteEventStore(logFile);
  await appendArchiveEvents(store, smallArchive, { via: 'import' });
  await appendArchiveEvents(store, [correction('hearing', { title: 'Corrected title' })], { via: 'cli' });
  await store.close();
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const verify = (...args: string[]) => qantar(['verify', ...args], { QANTAR_STORE: `sqlite:${logFile}` });

/** The head the real CLI prints, as a reader would copy it: `<position>:<sha256 hex>`. */
const printedHead = (stdout: string) => /^Log head: (\d+:[0-9a-f]{64})$/m.exec(stdout)?.[1];

/** Direct SQL on the log file, as someone with the disk (not the app) would change it. */
const sql = (...statements: string[]) => {
  const db = new Database(logFile);
  try {
    db.transaction(() => statements.forEach((s) => db.exec(s)))();
  } finally {
    db.close();
  }
};
const row = (position: number) => {
  const db = new Database(logFile, { readonly: true });
  try {
    return db.prepare('SELECT id, stream, recorded_at FROM events WHERE position = ?').get(position) as Record<string, string>;
  } finally {
    db.close();
  }
};

const hasChainTable = () => {
  const db = new Database(logFile, { readonly: true });
  try {
    return db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'log_chain'").get() !== undefined;
  } finally {
    db.close();
  }
};

describe('qantar verify and the log-wide chain, with no read model to compare', () => {
  it('prints the head of the chain, which --expect-head then accepts', () => {
    const run = verify();
    expect(run.code, run.stderr).toBe(0);
    const head = printedHead(run.stdout);
    expect(head).toMatch(/^6:/);
    const again = verify('--expect-head', head!);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain(`matches the kept head ${head}`);
  });

  it('catches a changed recorded_at, naming the position', () => {
    const { id, stream } = row(5);
    sql("UPDATE events SET recorded_at = '2022-01-05T00:00:00.000Z' WHERE position = 5");
    const run = verify();
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`position 5, stream ${stream}, event ${id}`);
    expect(run.stderr).toMatch(/log chain/);
  });

  it('catches two events of different streams swapped in log order, their recorded times left in place', () => {
    const [third, fifth] = [row(3), row(5)];
    expect(third.stream).not.toBe(fifth.stream);
    sql(
      'UPDATE events SET position = -3 WHERE position = 3',
      'UPDATE events SET position = 3 WHERE position = 5',
      'UPDATE events SET position = 5 WHERE position = -3',
      `UPDATE events SET recorded_at = '${third.recorded_at}' WHERE position = 3`,
      `UPDATE events SET recorded_at = '${fifth.recorded_at}' WHERE position = 5`,
    );
    const run = verify();
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`position 3, stream ${fifth.stream}, event ${fifth.id}`);
  });

  it('catches the newest events dropped: from the log alone while their links remain, and against a kept head', () => {
    const kept = printedHead(verify().stdout)!;
    sql('DELETE FROM events WHERE position > 4');
    const alone = verify();
    expect(alone.code).toBe(1);
    expect(alone.stderr).toMatch(/position 5: .*the newest events were dropped/);

    sql('DELETE FROM log_chain WHERE position > 4');
    // Links and events dropped together leave a shorter chain that holds: only a kept head shows it.
    expect(verify().code).toBe(0);
    const checked = verify('--expect-head', kept);
    expect(checked.code).toBe(1);
    expect(checked.stderr).toContain('position 6');
    expect(checked.stderr).toMatch(/the log ends at position 4/);
  });

  it('refuses a kept head whose history was rewritten and its links recomputed', async () => {
    const kept = printedHead(verify().stdout)!;
    sql(
      "UPDATE events SET recorded_at = '2022-01-05T00:00:00.000Z' WHERE position = 2",
      // Whoever holds the disk can recompute every link: drop them, and the next writable open rebuilds them.
      'DROP TABLE log_chain',
    );
    await getSqliteEventStore(logFile).close();
    expect(verify().code).toBe(0);
    const checked = verify('--expect-head', kept);
    expect(checked.code).toBe(1);
    expect(checked.stderr).toMatch(/position 6: .*not the history the kept head was taken from/);
  });

  it('says plainly when the head it is given is not a position and a sha256', () => {
    const run = verify('--expect-head', '6:abc');
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/--expect-head.*<position>:<sha256 hex>/);
  });
});

describe('a log written before the chain existed', () => {
  it('still verifies read-only, says its chain is only recomputed, and gains the chain when next opened for writing', async () => {
    const chained = printedHead(verify().stdout)!;
    // The events table is what older versions wrote; they had no chain table.
    sql('DROP TABLE log_chain');

    const old = verify();
    expect(old.code, old.stderr).toBe(0);
    expect(old.stdout).toMatch(/no log chain is stored/);
    expect(printedHead(old.stdout)).toBe(chained);
    expect(hasChainTable(), 'verify must not change the log it checks').toBe(false);

    await getSqliteEventStore(logFile).close();
    const upgraded = verify();
    expect(upgraded.code, upgraded.stderr).toBe(0);
    expect(upgraded.stdout).not.toMatch(/no log chain is stored/);
    expect(printedHead(upgraded.stdout)).toBe(chained);

    sql("UPDATE events SET recorded_at = '2022-01-05T00:00:00.000Z' WHERE position = 5");
    expect(verify().stderr).toContain('position 5');
  });
});

describe('a log written before the chain existed, with a damaged event', () => {
  it('still opens and serves reads, refuses appends naming the damaged event, and writes nothing', async () => {
    sql('DROP TABLE log_chain', "UPDATE events SET data = '{not json' WHERE position = 3");
    const store = getSqliteEventStore(logFile);
    try {
      expect(await store.headPosition()).toBe(6n);
      const append = appendArchiveEvents(store, [correction('hearing', { title: 'Again' })], { via: 'cli' });
      // Unavailable, as a read-only disk is: writes answer 503 and say why, reads go on.
      await expect(append).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(append).rejects.toThrow(/log-wide chain cannot be added to this log: The event at position 3/);
      expect(await store.headPosition()).toBe(6n);
    } finally {
      await store.close();
    }
    expect(hasChainTable()).toBe(false);
    expect(verify().stderr).toMatch(/position 3, .*is not JSON/);
  });
});

describe('one chain, whoever writes', () => {
  it('stays unbroken with two processes appending to one log at once, killed mid-write, from a log that had no chain', async () => {
    sql('DROP TABLE log_chain');
    // Both open the old log at once: one adds the chain, the other finds it there.
    const writers = ['a', 'b'].map((tag) => startTsx('tests/int/fixtures/writer.ts', [logFile, tag]));
    try {
      await Promise.all(writers.map((w) => w.waitForLine(/^ready$/)));
      await eventually(() => {
        for (const w of writers) expect(w.lines.filter((l) => l.startsWith('ack ')).length).toBeGreaterThanOrEqual(15);
      }, 30_000);
    } finally {
      await Promise.all(writers.map((w) => w.kill('SIGKILL')));
    }
    const run = verify();
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).not.toMatch(/no log chain is stored/);
    const db = new Database(logFile, { readonly: true });
    const count = db.prepare('SELECT count(*) FROM events').pluck().get();
    db.close();
    expect(printedHead(run.stdout)).toMatch(new RegExp(`^${count}:`));
  });
});

describe('a store that keeps no chain (as EventStoreDB)', () => {
  /** The SQLite log seen through a port without its stored chain: verify can only recompute it. */
  const withoutChain = async <T>(check: (store: Omit<ReturnType<typeof getSqliteEventStore>, 'logChain'>) => Promise<T>) => {
    const { logChain: _, ...store } = getSqliteEventStore(logFile, { readonly: true });
    try {
      return await check(store);
    } finally {
      await store.close();
    }
  };

  it('recomputes the same head, says it could not check it, and still holds the log to a kept head', async () => {
    const kept = printedHead(verify().stdout)!;
    const report = await withoutChain((store) => verifyLog(store, { contiguous: false }));
    expect(report.chain).toEqual({ stored: false, why: 'this store keeps no log chain' });
    expect(formatHead(report.chainHead!)).toBe(kept);

    sql("UPDATE events SET recorded_at = '2022-01-05T00:00:00.000Z' WHERE position = 5");
    const [position, hash] = kept.split(':');
    const expectHead = { position: BigInt(position!), hash: hash! };
    expect((await withoutChain((store) => verifyLog(store, { contiguous: false }))).problem).toBeUndefined();
    const checked = await withoutChain((store) => verifyLog(store, { contiguous: false, expectHead }));
    expect(checked.problem).toMatchObject({ position: 6n });
    expect(checked.problem?.reason).toMatch(/not the history the kept head was taken from/);
  });
});

