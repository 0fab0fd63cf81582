import { checkAppend, type StoredEventRef } from './append-rules.js';
import { appendSignal, pollingSubscription } from './catch-up.js';
import { StreamNotFoundError } from './errors.js';
import { carriedContentHash } from './hashes.js';
import { logLinkOf } from '../verify/log-chain.js';
import type { AppendResult, EventStore, ExpectedRevision, NewEvent, ReadAllOptions, ReadStreamOptions, RecordedEvent } from './port.js';

type Stored = RecordedEvent & { json: string; logHash: string };

/** An event store in process memory, for fast unit tests; same contract as the durable ones. */
export function getInMemoryEventStore(options: { now?: () => Date } = {}): EventStore {
  const now = options.now ?? (() => new Date());
  const log: Stored[] = [];
  const byId = new Map<string, Stored>();
  const streams = new Map<string, Stored[]>();
  const appended = appendSignal(50);

  const ref = (e: Stored): StoredEventRef => ({ ...e, data: e.json });

  const readAll = async (options: ReadAllOptions = {}): Promise<RecordedEvent[]> => {
    const matches = (e: Stored) =>
      !options.streamPrefixes || options.streamPrefixes.some((p) => e.stream.startsWith(p));
    const backwards = options.direction === 'backwards';
    // Positions are 1-based indexes into the log.
    const from = options.fromPosition ?? (backwards ? BigInt(log.length) : 1n);
    const out: RecordedEvent[] = [];
    const max = options.maxCount ?? Infinity;
    // Start no further than the log's end, or a far position would loop towards it one by one.
    const start = Math.min(Number(from), log.length + 1) - 1;
    for (let i = start; backwards ? i >= 0 : i < log.length; i += backwards ? -1 : 1) {
      if (out.length >= max) break;
      if (i < 0 || i >= log.length) continue;
      const e = log[i]!;
      if (matches(e)) out.push(strip(e));
    }
    return out;
  };

  const appendOne = (stream: string, events: readonly NewEvent[], expectedRevision: ExpectedRevision): AppendResult => {
    const existing = streams.get(stream) ?? [];
    const current = existing.length ? BigInt(existing.length - 1) : undefined;
    const retry = checkAppend(stream, events, expectedRevision, current, (id) => {
      const e = byId.get(id);
      return e && ref(e);
    });
    if (retry) return retry;
    const recordedAt = now().toISOString();
    let previous = log.at(-1)?.logHash ?? null;
    const written = events.map((e, i): Stored => {
      const event = { ...e, stream, revision: BigInt(existing.length + i), position: BigInt(log.length + i + 1), recordedAt };
      previous = logLinkOf(previous, event, carriedContentHash(e));
      return { ...event, json: JSON.stringify(e.data), logHash: previous };
    });
    log.push(...written);
    streams.set(stream, [...existing, ...written]);
    for (const e of written) byId.set(e.id, e);
    const last = written[written.length - 1]!;
    return { nextRevision: last.revision, position: last.position, written: true };
  };

  /** Undoes every append after a failed one of a multi-stream write: all of it, or none. */
  const rollBackTo = (length: number) => {
    for (const e of log.splice(length)) {
      byId.delete(e.id);
      const kept = streams.get(e.stream)!.filter((s) => s.position !== e.position);
      if (kept.length) streams.set(e.stream, kept);
      else streams.delete(e.stream);
    }
  };

  return {
    description: 'memory:',
    async appendToStream(stream, events, { expectedRevision = 'any' } = {}) {
      const result = appendOne(stream, events, expectedRevision);
      if (result.written) appended.notify();
      return result;
    },
    async appendToStreams(appends) {
      const length = log.length;
      try {
        const results = appends.map((a) => appendOne(a.stream, a.events, a.expectedRevision));
        if (results.some((r) => r.written)) appended.notify();
        return results;
      } catch (error) {
        rollBackTo(length);
        throw error;
      }
    },
    async readStream(stream, options: ReadStreamOptions = {}) {
      const events = streams.get(stream);
      if (!events) throw new StreamNotFoundError(stream);
      const backwards = options.direction === 'backwards';
      const ordered = backwards ? [...events].reverse() : events;
      const from = options.fromRevision;
      const selected = ordered.filter((e) =>
        from === undefined ? true : backwards ? e.revision <= from : e.revision >= from,
      );
      return selected.slice(0, options.maxCount ?? Infinity).map(strip);
    },
    readAll,
    logChain: {
      async status() {
        const last = log.at(-1);
        return { stored: true, ...(last && { last: { position: last.position, hash: last.logHash } }) };
      },
      async links(from, to) {
        // Positions are 1-based indexes into the log.
        return new Map(log.slice(Math.max(0, Number(from) - 1), Number(to)).map((e) => [e.position, e.logHash]));
      },
    },
    async streamRevision(stream) {
      const events = streams.get(stream);
      return events ? BigInt(events.length - 1) : undefined;
    },
    async headPosition() {
      return log.length ? BigInt(log.length) : undefined;
    },
    subscribeToAll(handler, options) {
      return pollingSubscription({ readAll, waitForAppend: appended.wait }, handler, options);
    },
    async close() {},
  };
}

function strip({ json: _json, logHash: _logHash, ...event }: Stored): RecordedEvent {
  return event;
}
