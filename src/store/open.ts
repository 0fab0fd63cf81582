import { getInMemoryEventStore } from './memory.js';
import type { EventStore } from './port.js';
import { getSqliteEventStore } from './sqlite.js';

export const defaultStore = 'sqlite:data/qantar.db';

/**
 * Opens the store a connection string names:
 * - `sqlite:<path>`: the embedded store (the default, `sqlite:data/qantar.db`);
 * - `memory:`: in process, gone on exit;
 * - `esdb://…` or `kurrentdb://…`: EventStoreDB / KurrentDB.
 */
export async function openEventStore(connection: string = defaultStore): Promise<EventStore> {
  if (connection === 'memory:') return getInMemoryEventStore();
  if (connection.startsWith('sqlite:')) return getSqliteEventStore(connection.slice('sqlite:'.length));
  if (/^(esdb|esdb\+discover|kurrentdb|kurrentdb\+discover):\/\//.test(connection)) {
    const { getEventStoreDbEventStore } = await import('./esdb.js');
    return getEventStoreDbEventStore(connection);
  }
  throw new Error(
    `Unknown store "${connection}": use sqlite:<path>, memory: or an esdb:// connection string`,
  );
}
