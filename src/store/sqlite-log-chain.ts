import type Database from 'better-sqlite3';
import { logLinkOf, type LogLinkedEvent } from '../verify/log-chain.js';
import { CorruptEventError, StoreUnavailableError } from './errors.js';
import type { LogChain, RecordedEvent } from './port.js';

/**
 * The log-wide hash chain (src/verify/log-chain.ts) in the embedded store: one row per event,
 * written in the transaction that appends the event. A table of its own rather than a column of
 * `events`, so that giving the chain to a log written before it existed only inserts rows: no
 * event is ever updated.
 */
const createTable = 'CREATE TABLE log_chain (position INTEGER PRIMARY KEY, hash TEXT NOT NULL)';

export type SqliteLogChain = Readonly<{
  /**
   * Adds the chain to a log that has none yet (written before it existed), linking every event
   * there in log order, in one write transaction. Called at open; throws StoreUnavailableError
   * or SQLite's own error when it cannot (a read-only disk, a damaged event).
   */
  ensure(): void;
  /**
   * Links an event just inserted into `events`, in the same transaction; in a log that has no
   * chain yet, it first links every event before it, so the chain is added exactly once even
   * with several processes on one file. `contentHash`: the event's, when the caller has it
   * (carriedContentHash); without it the link hashes the content.
   */
  link(event: LogLinkedEvent, contentHash?: string): void;
  reader: LogChain;
}>;

/** The log's events after a position, in order, at most `limit` of them: how the adapter reads its rows. */
export type EventsAfter = (position: bigint, limit: number) => RecordedEvent[];

export function sqliteLogChain(db: Database.Database, description: string, eventsAfter: EventsAfter): SqliteLogChain {
  // Asked each time rather than remembered: an append that added the chain may yet be rolled back.
  const table = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'log_chain'");
  const exists = () => table.get() !== undefined;
  // Prepared on first use: a read-only log written before the chain existed has no table to prepare against.
  const statements = lazy(() => ({
    link: logChainLinker(db),
    last: lastLink(db),
    between: db.prepare<[number, number], LinkRow>('SELECT position, hash FROM log_chain WHERE position BETWEEN ? AND ?'),
  }));

  /** Creates the table and links the events before `before` (every event, without it). */
  const addToExistingLog = (before: bigint | undefined) => {
    db.exec(createTable);
    for (let page = eventsAfter(0n, 1000); page.length; page = eventsAfter(page[page.length - 1]!.position, 1000)) {
      for (const event of page) if (before === undefined || event.position < before) statements().link(event);
    }
  };

  const ensure = (before?: bigint) => {
    if (exists()) return;
    // Checked again under the write lock: another process may have added it meanwhile.
    const add = () => exists() || addToExistingLog(before);
    try {
      if (db.inTransaction) add();
      else db.transaction(add).immediate();
    } catch (error) {
      if (error instanceof CorruptEventError) {
        throw new StoreUnavailableError(description, `the log-wide chain cannot be added to this log: ${error.message}`);
      }
      throw error;
    }
  };

  return {
    ensure: () => ensure(),
    link(e, contentHash) {
      ensure(e.position);
      statements().link(e, contentHash);
    },
    reader: {
      async status() {
        if (!exists()) {
          return {
            stored: false,
            why: 'no log chain is stored in this file: it was written before Qantar kept one, and has not been opened for writing since (which adds it)',
          };
        }
        const last = statements().last.get();
        return { stored: true, ...(last && { last: { position: BigInt(last.position), hash: last.hash } }) };
      },
      async links(from, to) {
        const rows = statements().between.all(Number(from), Number(to));
        return new Map(rows.map((r) => [BigInt(r.position), r.hash]));
      },
    },
  };
}

type LinkRow = { position: number; hash: string };

const lastLink = (db: Database.Database) =>
  db.prepare<[], LinkRow>('SELECT position, hash FROM log_chain ORDER BY position DESC LIMIT 1');

/**
 * Links each event as it is inserted into `events`, in the same transaction, after the newest
 * link stored (read each time: another process may have appended since). For the adapter, and
 * for a bulk loader writing the adapter's rows on its own connection, once the table exists.
 */
export function logChainLinker(db: Database.Database): (event: LogLinkedEvent, contentHash?: string) => void {
  const last = lastLink(db);
  const insert = db.prepare<[number, string]>('INSERT INTO log_chain (position, hash) VALUES (?, ?)');
  return (e, contentHash) => {
    insert.run(Number(e.position), logLinkOf(last.get()?.hash ?? null, e, contentHash));
  };
}

function lazy<T>(make: () => T): () => T {
  let made: T | undefined;
  return () => (made ??= make());
}
