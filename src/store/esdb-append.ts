import type { EventStoreDBClient } from './esdb-client.js';
import { checkAppend, type StoredEventRef } from './append-rules.js';
import { DuplicateEventIdError, WrongExpectedRevisionError, describeExpected } from './errors.js';
import { toEsdbExpectedRevision, toEventData } from './esdb-mapping.js';
import { orNone } from './esdb-read.js';
import type { AppendResult, ExpectedRevision, NewEvent, ReadStreamOptions, RecordedEvent } from './port.js';

type Deps = Readonly<{
  client: EventStoreDBClient;
  /** The port's readStream on this store (StreamNotFoundError for a missing stream). */
  readStream(stream: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
}>;

/**
 * For `any` and `stream_exists`, a retry is looked for among the stream's last events only, as
 * the server looks only through its cache of recent commits: a statement's or a metric's stream
 * holds a handful of events, so in the archive the window is the whole stream.
 */
const retryWindow = 100;

/**
 * appendToStream with the port's rules (append-rules.ts) on top of the server's.
 * 1. The port's rules run first, on the part of the stream where a retry of this batch could
 *    stand (so an append costs the same on a long stream as on a short one): right after the
 *    expected revision for an exact revision or no_stream, as the server looks; for any and
 *    stream_exists, the last `retryWindow` events. A retry of a batch already there returns the
 *    earlier result with written: false; an id there with other content is refused; the expected
 *    revision is checked.
 * 2. The server then checks the expected revision again, atomically, and writes. A conflict found
 *    there is a WrongExpectedRevisionError whether the client throws it or, with
 *    `throwOnAppendFailure=false` in the connection string, reports `success: false`.
 * Appends to one stream are queued in this process, so a retry racing its own first attempt here
 * still sees it. Where the server differs from the port:
 * - it keeps no index of ids, so an id reused in another stream, or further back in the same
 *   stream than a retry could stand, is not refused here (the archive's ids hash the stream name,
 *   revision and content, and its decider reads the whole stream and checks the id where each
 *   event goes: src/domain/decide.ts);
 * - a retry racing its first attempt from another process is made idempotent by the server
 *   (EventStoreDB does so for exact revisions and no_stream) but reported as written: true.
 */
export function esdbAppender(deps: Deps) {
  const queues = new Map<string, Promise<unknown>>();
  const lastOf = async (stream: string) =>
    (await deps.readStream(stream, { direction: 'backwards', maxCount: 1 }).catch(orNone))[0];

  /** The events a retry of `count` events with this expected revision would now occupy. */
  const whereARetryWouldStand = async (stream: string, count: number, expected: ExpectedRevision, current: bigint) => {
    if (expected === 'any' || expected === 'stream_exists') {
      return (await deps.readStream(stream, { direction: 'backwards', maxCount: Math.max(retryWindow, count) })).reverse();
    }
    const after = expected === 'no_stream' ? -1n : expected;
    if (current <= after) return [];
    return deps.readStream(stream, { fromRevision: after + 1n, maxCount: count });
  };

  const append = async (stream: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<AppendResult> => {
    if (events.length === 0) throw new RangeError(`Nothing to append to ${stream}`);
    // The server would store a batch that repeats an id; the port's stores refuse it.
    const repeated = events.find((e, i) => events.findIndex((o) => o.id === e.id) !== i);
    if (repeated) throw new DuplicateEventIdError(repeated.id);

    const current = (await lastOf(stream))?.revision;
    const nearby = current === undefined ? [] : await whereARetryWouldStand(stream, events.length, expected, current);
    const byId = new Map(nearby.map((e) => [e.id, e]));
    const retry = checkAppend(stream, events, expected, current, (id) => ref(byId.get(id)));
    if (retry) return retry;

    const result = await deps.client.appendToStream(stream, events.map(toEventData), {
      expectedRevision: toEsdbExpectedRevision(expected),
    });
    if (!result.success) {
      throw new WrongExpectedRevisionError(stream, describeExpected(expected), (await lastOf(stream))?.revision);
    }
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
