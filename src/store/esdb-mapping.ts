import {
  ANY,
  NO_STREAM,
  STREAM_EXISTS,
  jsonEvent,
  type AllStreamResolvedEvent,
  type AppendExpectedRevision,
  type EventData,
  type JSONType,
  type Position,
  type ResolvedEvent,
} from './esdb-client.js';
import { LegacyTransactionError } from './esdb-refusals.js';
import type { ExpectedRevision, NewEvent, RecordedEvent } from './port.js';

/** The port's expected revision in the client's terms (the same four cases, other spellings). */
export function toEsdbExpectedRevision(expected: ExpectedRevision): AppendExpectedRevision {
  switch (expected) {
    case 'no_stream':
      return NO_STREAM;
    case 'stream_exists':
      return STREAM_EXISTS;
    case 'any':
      return ANY;
    default:
      return expected;
  }
}

/** A port event as EventStoreDB event data. The id is kept: it is what makes a retry idempotent. */
export function toEventData(event: NewEvent): EventData {
  return jsonEvent({
    id: event.id,
    type: event.type,
    // The client sends JSON.stringify(data); the port's data is JSON by contract.
    data: event.data as JSONType,
    metadata: { ...event.metadata },
  });
}

/**
 * An $all position from the port's single number. gRPC appends are implicit transactions,
 * in which each event's commit position is its own log offset, equal to its prepare position
 * (EventStoreDB's AllReader), so the pair is recoverable from the commit position alone.
 */
export function toEsdbPosition(position: bigint): Position {
  return { commit: position, prepare: position };
}

/** Positions and revisions are bigints; wherever text is needed they travel as decimal strings. */
export function positionToString(value: bigint): string {
  return value.toString(10);
}

export function parsePosition(text: string): bigint {
  if (!/^\d+$/.test(text)) throw new RangeError(`Not a log position or revision: "${text}"`);
  return BigInt(text);
}

/** EventStoreDB's own streams and events ($settings, $>, $metadata…) are not the archive's. */
export function isSystemEvent(event: { streamId: string; type: string }): boolean {
  return event.streamId.startsWith('$') || event.type.startsWith('$');
}

export function matchesPrefixes(stream: string, prefixes: readonly string[] | undefined): boolean {
  return !prefixes || prefixes.some((p) => stream.startsWith(p));
}

/** The server writes 2^64-1 (or nothing) where it does not know an event's $all position. */
const unknownPosition = 18446744073709551615n;

function known(position: bigint | undefined): bigint | undefined {
  return position === undefined || position < 0n || position >= unknownPosition ? undefined : position;
}

/**
 * A record read from the server in the port's shape, or undefined for a link with no event.
 * Stream reads carry the $all position only from server 22.6 on (EventStoreDB PR #3459).
 * An event whose commit and prepare positions differ was written by an explicit transaction and
 * cannot be given one position: it is refused by name (LegacyTransactionError).
 */
export function fromResolvedEvent(resolved: ResolvedEvent | AllStreamResolvedEvent): RecordedEvent | undefined {
  const e = resolved.event;
  if (!e) return undefined;
  const commit = known(e.position?.commit);
  const prepare = known(e.position?.prepare);
  if (commit !== undefined && prepare !== undefined && commit !== prepare) {
    throw new LegacyTransactionError(e.streamId, e.revision, commit, prepare);
  }
  const position = known(e.position?.commit) ?? known(resolved.commitPosition) ?? known(e.position?.prepare);
  if (position === undefined) {
    throw new Error(
      `EventStoreDB did not report the log position of ${e.streamId}@${positionToString(e.revision)}: ` +
        'the server is too old (stream reads carry it from 22.6 on)',
    );
  }
  return {
    id: e.id,
    type: e.type,
    data: e.data,
    metadata: asMetadata(e.metadata),
    stream: e.streamId,
    revision: e.revision,
    position,
    recordedAt: e.created.toISOString(),
  };
}

function asMetadata(metadata: unknown): Readonly<Record<string, unknown>> {
  const isRecord =
    typeof metadata === 'object' && metadata !== null && !Array.isArray(metadata) && !(metadata instanceof Uint8Array);
  return isRecord ? (metadata as Record<string, unknown>) : {};
}
