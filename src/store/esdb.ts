import { BACKWARDS, END, EventStoreDBClient, FORWARDS, START } from './esdb-client.js';
import { esdbAppender } from './esdb-append.js';
import { hidePassword, redactConnectionString, toStoreError, type ErrorContext } from './esdb-errors.js';
import { fromResolvedEvent } from './esdb-mapping.js';
import { collect, orNone, readAllFiltered } from './esdb-read.js';
import { esdbCatchUpSubscription } from './esdb-subscription.js';
import type { EventStore, ReadStreamOptions, RecordedEvent, Subscription } from './port.js';

/**
 * The EventStoreDB / KurrentDB adapter: the log lives in a server or a cluster, and any number of
 * stateless app instances each keep their read model by catch-up subscription.
 * Where the server cannot follow the port's rules exactly, the helper modules say so.
 */
export function getEventStoreDbEventStore(connection: string): EventStore {
  const client = connect(connection);
  const subscriptions = new Set<Subscription>();
  const guard = async <T>(context: ErrorContext, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      throw toStoreError(error, connection, context);
    }
  };

  const readStream = (stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> =>
    guard({ stream }, async () => {
      const backwards = options.direction === 'backwards';
      const read = client.readStream(stream, {
        direction: backwards ? BACKWARDS : FORWARDS,
        fromRevision: options.fromRevision ?? (backwards ? END : START),
        // A count of 0 is no read at all to the server: ask for one and return none, so that a
        // missing stream is still reported.
        maxCount: options.maxCount === 0 ? 1 : options.maxCount,
      });
      const events = (await collect(read)).map((e) => fromResolvedEvent(e)!);
      return options.maxCount === 0 ? [] : events;
    });

  const append = esdbAppender({ client, readStream });
  const lastMatching = async (streamPrefixes?: readonly string[], abandoned?: () => boolean) =>
    (await readAllFiltered(client, { direction: 'backwards', maxCount: 1, streamPrefixes }, abandoned))[0]?.position;

  return {
    description: redactConnectionString(connection),
    appendToStream: (stream, events, { expectedRevision = 'any' } = {}) =>
      guard({ stream, expected: expectedRevision }, () => append(stream, events, expectedRevision)),
    readStream,
    readAll: (options) => guard({ position: options?.fromPosition }, () => readAllFiltered(client, options)),
    async streamRevision(stream) {
      const [last] = await readStream(stream, { direction: 'backwards', maxCount: 1 }).catch(orNone);
      return last?.revision;
    },
    headPosition: () => guard({}, () => lastMatching()),
    subscribeToAll(handler, options) {
      const inner = esdbCatchUpSubscription({ client, connection, lastMatching }, handler, options);
      const subscription: Subscription = {
        caughtUp: inner.caughtUp,
        async unsubscribe() {
          subscriptions.delete(subscription);
          await inner.unsubscribe();
        },
      };
      subscriptions.add(subscription);
      return subscription;
    },
    async close() {
      await Promise.all([...subscriptions].map((s) => s.unsubscribe()));
      await client.dispose();
    },
  };
}

/** KurrentDB's schemes name the same protocol; client 6.x only knows esdb:// and esdb+discover://. */
function connect(connection: string): EventStoreDBClient {
  try {
    return EventStoreDBClient.connectionString(connection.replace(/^kurrentdb(\+discover)?:\/\//i, 'esdb$1://'));
  } catch (error) {
    // The client's parse error quotes the whole string, password included.
    const reason = hidePassword((error as Error).message, connection);
    throw new Error(`Invalid EventStoreDB connection string ${redactConnectionString(connection)}: ${reason}`);
  }
}
