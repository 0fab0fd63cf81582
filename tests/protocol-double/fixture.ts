import { getEventStoreDbEventStore } from '../../src/store/esdb.js';
import { startProtocolDouble, type ProtocolDoubleOptions } from './server.js';

/**
 * A protocol double and the archive's EventStoreDB adapter connected to it through the real
 * client; `query` adds connection-string settings (`&throwOnAppendFailure=false`).
 */
export async function storeOnDouble(query = '', options: ProtocolDoubleOptions = {}) {
  const double = await startProtocolDouble(options);
  const store = getEventStoreDbEventStore(`${double.connectionString}${query}`);
  return {
    double,
    store,
    async close() {
      await store.close();
      await double.stop();
    },
  };
}

/** What a promise rejected with, or undefined when it resolved. */
export const rejection = (attempt: Promise<unknown>): Promise<unknown> =>
  attempt.then(
    () => undefined,
    (error: unknown) => error,
  );
