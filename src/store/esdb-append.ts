import type { EventStoreDBClient } from '@eventstore/db-client';
import { checkAppend, type StoredEventRef } from './append-rules.js';
import { DuplicateEventIdError } from './errors.js';
import { toEsdbExpectedRevision, toEventData } from './esdb-mapping.js';
import type { AppendResult, ExpectedRevision, NewEvent, ReadStreamOptions, RecordedEvent } from './port.js';

type Deps = Readonly<{
  client: EventStoreDBClient;
  /** The port's readStream on this store (StreamNotFoundError for a missing stream). */
  readStream(stream: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** The stream's events, or none when it does not exist. */
  streamEvents(stream: string): Promise<RecordedEvent[]>;
}>;

/**
 * appendToStream with the port's rules (append-rules.ts) on top of the server's.
 * 1. The port's rules run first, on the stream as it stands (a statement's or a metric's stream
 *    holds a handful of events): a retry of a batch already there returns the earlier result with
 *    written: false; an id there with other content is refused; the expected revision is checked.
 * 2. The server then checks the expected revision again, atomically, and writes.
 * Appends to one stream are queued in this process, so a retry racing its own first attempt here
 * still sees it. Where the server differs from the port:
 * - it keeps no index of ids across streams, so an id reused in another stream is not refused
 *   (the archive's ids hash the stream name, so only a forged event could do it);
 * - a retry racing its first attempt from another process is made idempotent by the server
 *   (EventStoreDB does so for exact revisions and no_stream) but reported as written: true.
 */
export function esdbAppender(deps: Deps) {
  const queues = new Map<string, Promise<unknown>>();

  const append = async (stream: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<AppendResult> => {
    if (events.length === 0) throw new RangeError(`Nothing to append to ${stream}`);
    // The server would store a batch that repeats an id; the port's stores refuse it.
    const repeated = events.find((e, i) => events.findIndex((o) => o.id === e.id) !== i);
    if (repeated) throw new DuplicateEventIdError(repeated.id);

    const existing = await deps.streamEvents(stream);
    const byId = new Map(existing.map((e) => [e.id, e]));
    const current = existing.length ? existing[existing.length - 1]!.revision : undefined;
    const retry = checkAppend(stream, events, expected, current, (id) => ref(byId.get(id)));
    if (retry) return retry;

    const result = await deps.client.appendToStream(stream, events.map(toEventData), {
      expectedRevision: toEsdbExpectedRevision(expected),
    });
    // The reply carries a position too, but which record it names is a server detail; the last
    // event read back agrees with readStream and readAll by construction.
    const [last] = await deps.readStream(stream, {
      direction: 'backwards',
      fromRevision: result.nextExpectedRevision,
      maxCount: 1,
    });
    return { nextRevision: result.nextExpectedRevision, position: last!.position, written: true };
  };

  return (stream: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<AppendResult> => {
    const run = () => append(stream, events, expected);
    const done = (queues.get(stream) ?? Promise.resolve()).then(run, run);
    const tail = done.catch(() => undefined);
    queues.set(stream, tail);
    void tail.then(() => queues.get(stream) === tail && queues.delete(stream));
    return done;
  };
}

function ref(event: RecordedEvent | undefined): StoredEventRef | undefined {
  return event && { ...event, data: JSON.stringify(event.data) };
}
