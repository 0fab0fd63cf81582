import { getInMemoryEventStore } from './memory.js';
import type { EventStore } from './port.js';
import { getSqliteEventStore } from './sqlite.js';

export const defaultStore = 'sqlite:data/qantar.db';

/**
 * Opens the store a connection string names:
 * - `sqlite:<path>`: the embedded store (the default, `sqlite:data/qantar.db`);
 *   `sqlite:<path>?mode=ro` opens an existing file read-only: a mirror or an archived copy that
 *   serves reads while every write answers "unavailable";
 * - `memory:`: in process, gone on exit;
 * - `esdb://…` or `kurrentdb://…`: EventStoreDB / KurrentDB.
 * `readonly` asks the same of a SQLite file whatever the string says (`qantar verify` must never
 * create or change the log it checks).
 */
export async function openEventStore(
  connection: string = defaultStore,
  options: { readonly?: boolean } = {},
): Promise<EventStore> {
  if (connection === 'memory:') return getInMemoryEventStore();
  if (connection.startsWith('sqlite:')) {
    const { file, readonly } = parseSqliteConnection(connection);
    return getSqliteEventStore(file, { readonly: readonly || options.readonly === true });
  }
  if (/^(esdb|esdb\+discover|kurrentdb|kurrentdb\+discover):\/\//.test(connection)) {
    const { getEventStoreDbEventStore } = await import('./esdb.js');
    return getEventStoreDbEventStore(connection);
  }
  throw new Error(
    `Unknown store "${connection}": use sqlite:<path>, memory: or an esdb:// connection string`,
  );
}

/** `sqlite:<path>[?mode=ro|rw]`: the file, and whether to open it read-only. */
export function parseSqliteConnection(connection: string): { file: string; readonly: boolean } {
  const match = /^sqlite:(.*?)(?:\?mode=(ro|rw))?$/.exec(connection);
  if (!match) throw new Error(`Not a SQLite connection string: "${connection}"`);
  return { file: match[1]!, readonly: match[2] === 'ro' };
}
