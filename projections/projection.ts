import type Database from 'better-sqlite3';
import type { MetricDefinition, Relation } from '../events/schema/catalogue.js';
import type { TextTranslation } from '../events/schema/translation.js';
import type { StatementEvent } from '../events/types.js';
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
 */
export type Projection = Readonly<{
  name: string;
  schema: string;
  evolve(db: Database.Database, change: ArchiveChange, recorded: RecordedEvent): void;
  /**
   * Work an evolve leaves to the end of its batch, done once however many events asked for it
   * (the findings evaluate each check an event touched). The runner calls it in the batch's
   * transaction, and once more when caught up, for the bulk batches of a rebuild, which skip it.
   */
  finish?(db: Database.Database): void;
}>;

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
