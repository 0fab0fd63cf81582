import {
  BACKWARDS,
  END,
  FORWARDS,
  START,
  type AllStreamResolvedEvent,
  type EventStoreDBClient,
  type ReadPosition,
} from './esdb-client.js';
import { StreamNotFoundError } from './errors.js';
import { fromResolvedEvent, isSystemEvent, matchesPrefixes, toEsdbPosition } from './esdb-mapping.js';
import type { ReadAllOptions, RecordedEvent } from './port.js';

/** Events asked of the server at once when the filter is applied here, after the read. */
const pageSize = 1000;
/** The first page of a scan: small, as most scans (the head, the last matching event) end in it. */
const firstPageSize = 32;

/** A missing stream read as no events (for the reads that ask whether a stream exists). */
export function orNone(error: unknown): RecordedEvent[] {
  if (error instanceof StreamNotFoundError) return [];
  throw error;
}

export async function collect<T>(read: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of read) out.push(item);
  return out;
}

function allPosition(resolved: AllStreamResolvedEvent): bigint | undefined {
  return resolved.event?.position.commit ?? resolved.commitPosition;
}

/**
 * Reads $all in the port's terms. Client 6.x cannot filter a read of $all on the server, so
 * pages are read and filtered here: EventStoreDB's own events are left out, as are streams
 * outside `streamPrefixes`, and pages continue until `maxCount` events have been kept.
 *
 * Positions are byte offsets in the server's log: `fromPosition` must be a position this store
 * gave out (or 0n): position + 1n points inside a record, where the server cannot start a read.
 */
export async function readAllFiltered(
  client: EventStoreDBClient,
  options: ReadAllOptions = {},
  /** Checked between pages: a scan whose answer is no longer wanted stops early. */
  abandoned: () => boolean = () => false,
): Promise<RecordedEvent[]> {
  const backwards = options.direction === 'backwards';
  const max = options.maxCount ?? Infinity;
  const out: RecordedEvent[] = [];
  const keep = (resolved: AllStreamResolvedEvent) => {
    const e = resolved.event;
    if (!e || isSystemEvent(e) || !matchesPrefixes(e.streamId, options.streamPrefixes) || out.length >= max) return;
    out.push(fromResolvedEvent(resolved)!);
  };
  if (max <= 0) return out;

  const from = options.fromPosition;
  let cursor: ReadPosition = from === undefined ? (backwards ? END : START) : toEsdbPosition(from);
  if (backwards && from !== undefined) cursor = await backwardsStart(client, from, keep);
  // A forward read includes the position it starts from: the event there was already seen.
  let seen: bigint | undefined;
  let size = 0;
  while (out.length < max && !abandoned()) {
    // The filter drops events after the read, so a page sized to what is still wanted would step
    // one event per call past every system or foreign event: pages grow instead, to pageSize.
    size = Math.min(pageSize, Math.max(max - out.length, size === 0 ? firstPageSize : size * 2));
    const want = size + (seen === undefined ? 0 : 1);
    const page = await collect(
      client.readAll({ fromPosition: cursor, direction: backwards ? BACKWARDS : FORWARDS, maxCount: want }),
    );
    for (const resolved of page) if (allPosition(resolved) !== seen) keep(resolved);
    const last = page.length ? allPosition(page[page.length - 1]!) : undefined;
    if (page.length < want || last === undefined) break;
    cursor = toEsdbPosition(last);
    seen = backwards ? undefined : last;
  }
  return out;
}

/**
 * Where a backward read bounded by `from` (inclusive) starts. From the head or beyond, it is the
 * end of the log (a position past the server's log is not one it can read from). Otherwise the
 * read starts at `from`, which a backward read excludes, so the event standing exactly there is
 * fetched first with a forward read of one.
 */
async function backwardsStart(
  client: EventStoreDBClient,
  from: bigint,
  keep: (resolved: AllStreamResolvedEvent) => void,
): Promise<ReadPosition> {
  const [head] = await collect(client.readAll({ fromPosition: END, direction: BACKWARDS, maxCount: 1 }));
  const headPosition = head && allPosition(head);
  if (headPosition === undefined || from >= headPosition) return END;
  const cursor = toEsdbPosition(from);
  const [at] = await collect(client.readAll({ fromPosition: cursor, direction: FORWARDS, maxCount: 1 }));
  if (at && allPosition(at) === from) keep(at);
  return cursor;
}
