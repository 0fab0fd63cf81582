import {
  DuplicateEventIdError,
  WrongExpectedRevisionError,
  describeExpected,
} from './errors.js';
import { canonicalJson } from './ids.js';
import type { AppendResult, ExpectedRevision, NewEvent } from './port.js';

/** What an adapter knows of an event already in the log, by id. */
export type StoredEventRef = Readonly<{
  stream: string;
  revision: bigint;
  position: bigint;
  type: string;
  data: string;
}>;

/**
 * The rules every adapter applies before it writes, as EventStoreDB does them:
 * a batch whose ids are already in the stream, in order and with the same content, is an
 * idempotent retry and writes nothing; otherwise the expected revision must hold.
 * Returns the earlier result for a retry, or undefined when the batch is to be written.
 */
export function checkAppend(
  stream: string,
  events: readonly NewEvent[],
  expected: ExpectedRevision,
  current: bigint | undefined,
  findById: (id: string) => StoredEventRef | undefined,
): AppendResult | undefined {
  // The log holds each id once: a batch that repeats one cannot be written whole.
  const repeated = events.find((e, i) => events.findIndex((o) => o.id === e.id) !== i);
  if (repeated) throw new DuplicateEventIdError(repeated.id);
  const found = events.map((e) => findById(e.id));
  if (found.every((f) => f === undefined)) {
    const conflict = revisionConflict(stream, expected, current);
    if (conflict) throw conflict;
    return undefined;
  }
  const first = found[0];
  const isRetry =
    first !== undefined &&
    found.every(
      (f, i) =>
        f !== undefined &&
        f.stream === stream &&
        f.revision === first.revision + BigInt(i) &&
        f.type === events[i]!.type &&
        // Compared canonically, as ids are derived: key order is not content.
        canonical(f.data) === canonical(JSON.stringify(events[i]!.data)),
    );
  if (!isRetry) {
    const clash = events.find((_, i) => found[i] !== undefined)!;
    throw new DuplicateEventIdError(clash.id);
  }
  const last = found[found.length - 1]!;
  return { nextRevision: last.revision, position: last.position, written: false };
}

/**
 * The revision rule, in the one place both sides apply it: a write that expects `expected` goes
 * ahead only where the stream is there now (`current`, undefined for no stream). The stores apply
 * it before they write; the archive's decider (src/domain/decide.ts) applies it to the streams it
 * read, so an editor's stale If-Match is refused before anything is sent.
 */
export function revisionConflict(
  stream: string,
  expected: ExpectedRevision,
  current: bigint | undefined,
): WrongExpectedRevisionError | undefined {
  const holds =
    expected === 'any' ||
    (expected === 'no_stream' && current === undefined) ||
    (expected === 'stream_exists' && current !== undefined) ||
    (typeof expected === 'bigint' && current === expected);
  return holds ? undefined : new WrongExpectedRevisionError(stream, describeExpected(expected), current);
}

/** What a write of an event at `revision` expects its stream to be: at the revision before, or absent. */
export function expectedBefore(revision: bigint): ExpectedRevision {
  return revision === 0n ? 'no_stream' : revision - 1n;
}

/** The same JSON text whatever the key order, as the event id is derived (ids.ts). */
function canonical(json: string): string {
  return canonicalJson(JSON.parse(json));
}
