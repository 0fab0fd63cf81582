import type Database from 'better-sqlite3';
import type { MetricDefinition, Relation } from '../events/schema/catalogue.js';
import type { TextTranslation } from '../events/schema/translation.js';
import type { StatementEvent } from '../events/types.js';
import type { CheckedFigure } from '../src/domain/checks/types.js';
import type { StatementState } from '../src/domain/statement-state.js';
import type { RecordedEvent } from '../src/store/port.js';

/**
 * What one event changed in the archive, as the projections see it. A statement change
 * carries the stream's state before and after the event (from the pure evolveStatement),
 * so no projection re-implements corrections or retractions.
 */
export type ArchiveChange =
  | Readonly<{ kind: 'metric'; metric: MetricDefinition }>
  | Readonly<{ kind: 'relation'; relation: Relation }>
  | Readonly<{ kind: 'statement'; event: StatementEvent; before?: StatementState; after: StatementState }>
  | Readonly<{ kind: 'translation'; translation: TextTranslation }>;

/**
 * A read model: its tables, and how one change updates them. The runner applies every
 * projection to a batch of events in one transaction with the checkpoint, so a crash
 * never applies an event twice. No clock and no randomness: a replay gives the same rows.
 *
 * A projection reads and writes only the tables its schema creates (a test holds it to that): what
 * it needs from another's comes with the change, so projections may be applied in any order.
 */
export type Projection = Readonly<{
  name: string;
  /** Its tables and indexes, every one IF NOT EXISTS: run again, it brings back what a rebuild dropped. */
  schema: string;
  /** The kinds of change it evolves on; the runner gives it no other. */
  handles: readonly ArchiveChange['kind'][];
  /**
   * Indexes that serve queries only, never its own lookups while applying: a rebuild from empty
   * drops them and builds each once at the end (one sort) instead of row by row.
   */
  deferredIndexes?: readonly string[];
  evolve(db: Database.Database, change: ArchiveChange, recorded: RecordedEvent): void;
  /**
   * Work an evolve leaves to the end of its batch, done once however many events asked for it
   * (the findings evaluate each check an event touched). The runner calls it in the batch's
   * transaction, and once more when caught up, for the bulk batches of a rebuild, which skip it.
   */
  finish?(db: Database.Database, others: OtherReadModels): void;
}>;

/**
 * What end-of-batch work may read of other read models, given by the runner from their queries
 * (a projection names no other's table): the figures of a metric in force at the head, in valid-time order.
 */
export type OtherReadModels = Readonly<{ metricHistory(metric: string): readonly CheckedFigure[] }>;

/** The tables a schema creates: what a projection owns, and all it may name in its SQL. */
export function tablesOf(schema: string): string[] {
  return [...schema.matchAll(/CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?"?(\w+)"?/gi)].map((m) => m[1]!);
}

/** "No limit" for archive-time and date filters, as SQLite compares them. */
export const endOfLog = Number.MAX_SAFE_INTEGER;
export const endOfTime = '9999-12-31';

/** Prepares a projection's statements once per database, not once per event. */
export function preparedFor<T>(factory: (db: Database.Database) => T): (db: Database.Database) => T {
  const cache = new WeakMap<Database.Database, T>();
  return (db) => {
    let statements = cache.get(db);
    if (!statements) cache.set(db, (statements = factory(db)));
    return statements;
  };
}
