import { randomUUID } from 'node:crypto';

/**
 * The protocol double's log: EventStoreDB's transaction file, reduced to what a client can see
 * through the gRPC API. It lives in memory and outlives the gRPC server that serves it, so a test
 * can kill and restart the server and find the log as a durable server would.
 * Each rule names the server behaviour it follows.
 */

/** An event as a client proposes it (BatchAppendReq.ProposedMessage). */
export type ProposedEvent = Readonly<{
  id: string;
  type: string;
  contentType: string;
  data: Uint8Array;
  metadata: Uint8Array;
}>;

export type LogRecord = ProposedEvent &
  Readonly<{
    stream: string;
    revision: bigint;
    /** Byte offset of the transaction's commit: the event's $all position. */
    commit: bigint;
    /** Byte offset of the event's own (prepare) record. */
    prepare: bigint;
    /** .NET ticks (100 ns) since the Unix epoch, as the server's `created` metadata carries them. */
    created: bigint;
  }>;

export type Expected =
  | Readonly<{ kind: 'any' }>
  | Readonly<{ kind: 'no_stream' }>
  | Readonly<{ kind: 'stream_exists' }>
  | Readonly<{ kind: 'revision'; revision: bigint }>;

export type AppendOutcome =
  | Readonly<{ ok: true; revision: bigint; position: bigint }>
  | Readonly<{ ok: false; reason: 'wrong_expected_version'; current: bigint | undefined }>
  | Readonly<{ ok: false; reason: 'stream_deleted' }>;

export type AllPosition = Readonly<{ commit: bigint; prepare: bigint }>;

/** A read of $all that the server refuses: the position is not where a record starts. */
export class InvalidPositionError extends Error {
  constructor(readonly position: AllPosition) {
    super(`Invalid position: ${position.commit}/${position.prepare} is not the start of a record`);
  }
}

/**
 * The server frames every record with its length, a header and the stream name and event type
 * (TFChunk's PrepareLogRecord), so positions are byte offsets that grow by more than one per
 * event, and most numbers are not positions of any record.
 */
const recordOverhead = 86n;
const byteLength = (text: string) => BigInt(Buffer.byteLength(text, 'utf8'));
const sizeOf = (stream: string, e: ProposedEvent) =>
  recordOverhead + byteLength(stream) + byteLength(e.type) + BigInt(e.data.length + e.metadata.length);
/** A commit record (CommitLogRecord), written after the prepares of an explicit transaction. */
const commitRecordSize = 37n;

/** EventNumber.DeletedStream: the revision of a tombstone. */
const tombstoneRevision = 2n ** 63n - 1n;
const ticksPerMs = 10_000n;

export type DoubleLog = ReturnType<typeof createDoubleLog>;

export function createDoubleLog(now: () => number = Date.now) {
  /** Every record in $all order: by commit position, then prepare position. */
  const records: LogRecord[] = [];
  const streams = new Map<string, LogRecord[]>();
  const tombstoned = new Set<string>();
  const listeners = new Set<(added: readonly LogRecord[]) => void>();
  /** The writer checkpoint: where the next record goes, and the only position past every record. */
  let end = 0n;

  const write = (stream: string, events: readonly ProposedEvent[], revisionOf: (i: number) => bigint) => {
    const created = BigInt(now()) * ticksPerMs;
    const added = events.map((e, i) => {
      const at = end;
      end += sizeOf(stream, e);
      return { ...e, stream, revision: revisionOf(i), commit: at, prepare: at, created };
    });
    commitRecords(stream, added);
    return added;
  };

  const commitRecords = (stream: string, added: readonly LogRecord[]) => {
    records.push(...added);
    const list = streams.get(stream) ?? [];
    list.push(...added);
    streams.set(stream, list);
    for (const listener of listeners) listener(added);
  };

  const written = (stream: string, events: readonly ProposedEvent[], cur: bigint): AppendOutcome => {
    // An empty batch writes nothing but still answers with where the stream stands.
    if (events.length === 0) return { ok: true, revision: cur, position: end };
    const added = write(stream, events, (i) => cur + 1n + BigInt(i));
    const last = added[added.length - 1]!;
    return { ok: true, revision: last.revision, position: last.commit };
  };

  const current = (stream: string): bigint | undefined => {
    const list = streams.get(stream);
    return list?.length ? list[list.length - 1]!.revision : undefined;
  };

  /**
   * Where a batch already stands, if it does (EventStoreDB's idempotence, IndexWriter.CheckCommit):
   * its ids, in order, from the index `from` of the stream. 'partial' when only the first ones do.
   */
  const standing = (stream: string, events: readonly ProposedEvent[], from: number) => {
    const list = streams.get(stream) ?? [];
    if (from < 0 || list[from]?.id !== events[0]!.id) return undefined;
    const all = events.every((e, i) => list[from + i]?.id === e.id);
    return all ? list[from + events.length - 1]! : 'partial';
  };

  return {
    records: (): readonly LogRecord[] => records,
    end: () => end,
    revisionOf: current,
    isTombstoned: (stream: string) => tombstoned.has(stream),

    /**
     * An append as the server decides it (IndexWriter.CheckCommit): a tombstoned stream takes
     * nothing (StreamDeleted); a retry of a batch already written succeeds without writing and
     * reports where it stands; a batch matching only in part is CorruptedIdempotency, which the
     * server reports as a wrong expected version. The double looks through the whole stream where
     * the server looks only through a bounded cache of recent commits: the size of the server's
     * window is not what the double tests.
     */
    append(stream: string, events: readonly ProposedEvent[], expected: Expected): AppendOutcome {
      if (tombstoned.has(stream)) return { ok: false, reason: 'stream_deleted' };
      const revision = current(stream);
      const wrong = { ok: false, reason: 'wrong_expected_version', current: revision } as const;
      const cur = revision ?? -1n;
      let found: LogRecord | 'partial' | undefined;
      if (expected.kind === 'revision' || expected.kind === 'no_stream') {
        const at = expected.kind === 'revision' ? expected.revision : -1n;
        // The stream is where the writer expected it: the batch is written.
        if (at === cur) return written(stream, events, cur);
        // The stream moved on: a retry is recognised by its ids right after the expected revision.
        if (at > cur || events.length === 0) return wrong;
        found = standing(stream, events, Number(at + 1n));
        if (found === undefined || found === 'partial') return wrong;
      } else {
        if (expected.kind === 'stream_exists' && revision === undefined) return wrong;
        // any and stream_exists: the server looks the first id up among the stream's recent commits.
        const list = streams.get(stream) ?? [];
        found = events.length ? standing(stream, events, list.findIndex((r) => r.id === events[0]!.id)) : undefined;
        if (found === 'partial') return wrong;
        if (found === undefined) return written(stream, events, cur);
      }
      return { ok: true, revision: found.revision, position: found.commit };
    },

    /** What the server's own housekeeping writes ($stats-…, $settings…): system events in $all. */
    appendSystemEvents(stream: string, type: string, count: number): void {
      const first = (current(stream) ?? -1n) + 1n;
      const events = Array.from({ length: count }, (_, i) => proposed(randomUUID(), type, {}));
      write(stream, events, (i) => first + BigInt(i));
    },

    /**
     * Events written by an explicit transaction (the TCP API's TransactionStart…Commit, before
     * gRPC): each event's prepare record comes first, then one commit record, and every event of
     * the transaction has the commit's position as its $all commit position, with its own prepare
     * position: commit ≠ prepare, and the events share one commit position.
     */
    appendLegacyTransaction(stream: string, events: readonly ProposedEvent[]): readonly LogRecord[] {
      const first = (current(stream) ?? -1n) + 1n;
      const created = BigInt(now()) * ticksPerMs;
      const prepares = events.map((e) => {
        const at = end;
        end += sizeOf(stream, e);
        return at;
      });
      const commit = end;
      end += commitRecordSize;
      const added = events.map((e, i) => ({ ...e, stream, revision: first + BigInt(i), commit, prepare: prepares[i]!, created }));
      commitRecords(stream, added);
      return added;
    },

    /** A hard delete (Tombstone): a $streamDeleted record, and the stream is gone for good. */
    tombstone(stream: string): void {
      write(stream, [proposed(randomUUID(), '$streamDeleted', {})], () => tombstoneRevision);
      tombstoned.add(stream);
    },

    /** A stream read (ReadStreamEventsForward/Backward); undefined when the stream has no events. */
    readStream(stream: string, from: bigint | 'start' | 'end', direction: 'forwards' | 'backwards', count: bigint) {
      const list = (streams.get(stream) ?? []).filter((r) => r.revision !== tombstoneRevision);
      if (list.length === 0) return undefined;
      const picked =
        direction === 'forwards'
          ? list.filter((r) => from === 'start' || (from !== 'end' && r.revision >= from))
          : list.filter((r) => from === 'end' || (from !== 'start' && r.revision <= from)).reverse();
      return picked.slice(0, Number(count > BigInt(picked.length) ? picked.length : count));
    },

    /**
     * A read of $all (ReadAllEventsForward/Backward). A position must be where a record starts, or
     * the end of the log: anywhere else the server cannot frame a record and answers InvalidPosition.
     * Forwards includes the record at the position; backwards starts just before it.
     */
    readAll(from: AllPosition | 'start' | 'end', direction: 'forwards' | 'backwards', count: bigint) {
      const start = from === 'start' ? { commit: 0n, prepare: 0n } : from === 'end' ? { commit: end, prepare: end } : from;
      if (from !== 'start' && from !== 'end') assertValid(start);
      const index = records.findIndex((r) => compare(r, start) >= 0);
      const at = index < 0 ? records.length : index;
      const picked = direction === 'forwards' ? records.slice(at) : records.slice(0, at).reverse();
      return picked.slice(0, Number(count > BigInt(picked.length) ? picked.length : count));
    },

    /** The records after a subscription's start position (exclusive), as a subscription catches up. */
    after(from: AllPosition | 'start' | 'end'): readonly LogRecord[] {
      if (from === 'start') return records;
      if (from === 'end') return [];
      assertValid(from);
      return records.filter((r) => compare(r, from) > 0);
    },

    /** Called with every batch of records written from now on, in log order. */
    onAppend(listener: (added: readonly LogRecord[]) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };

  function assertValid(position: AllPosition): void {
    const atEnd = position.commit === end && position.prepare === end;
    if (!atEnd && !records.some((r) => r.commit === position.commit && r.prepare === position.prepare)) {
      throw new InvalidPositionError(position);
    }
  }
}

function compare(a: AllPosition, b: AllPosition): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  return a.prepare === b.prepare ? 0 : a.prepare < b.prepare ? -1 : 1;
}

/** A JSON event as a client would propose it. */
export function proposed(id: string, type: string, data: unknown, metadata: unknown = {}): ProposedEvent {
  const bytes = (value: unknown) => new Uint8Array(Buffer.from(JSON.stringify(value), 'utf8'));
  return { id, type, contentType: 'application/json', data: bytes(data), metadata: bytes(metadata) };
}
