import type { ArchiveEvent } from '../../events/types.js';
import { expectedBefore } from '../store/append-rules.js';
import { WrongExpectedRevisionError } from '../store/errors.js';
import type { AppendResult, EventStore, StreamAppend } from '../store/port.js';
import { decide, streamsConsulted, type AppendCommand, type AppendOptions, type DecidedEvent } from './decide.js';
import { DomainError } from './errors.js';
import { foldStream, type ArchiveState, type StreamState } from './stream-state.js';

export { toNewEvent, type WriteChannel } from './envelope.js';
export type { AppendOptions } from './decide.js';

export type AppendedEvent = Readonly<{
  type: ArchiveEvent['type'];
  stream: string;
  id: string;
  revision: bigint;
  position: bigint;
  written: boolean;
}>;

/**
 * Reads the streams the events consult, folds them, decides (decide.ts: every event checked
 * before any is written) and appends what is not there yet. Where the store can, the batch is one
 * transaction: a statement and the metrics it defines, or a whole archive directory, are all in
 * the log or none is, whenever the process dies. Where it cannot (EventStoreDB), the events go
 * one by one in order, and the same batch sent again completes it: what is there is a retry.
 */
export async function appendArchiveEvents(
  store: EventStore,
  events: readonly ArchiveEvent[],
  options: AppendOptions,
): Promise<AppendedEvent[]> {
  const command: AppendCommand = { events, ...options };
  for (let attempt = 1; ; attempt++) {
    const decided = decide(command, await readState(store, streamsConsulted(command)));
    try {
      return await write(store, decided);
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError)) throw error;
      // Another writer got in between the read and the write. Decided again on the log as it now
      // is, an editor's stale revision shows as the conflict it is, and a racing retry as a retry.
      if (attempt >= 5) {
        throw new DomainError('CONFLICT', 'data', `${error.message}. Someone else changed it first: reload and retry.`);
      }
    }
  }
}

async function readState(store: EventStore, streams: readonly string[]): Promise<ArchiveState> {
  const state = new Map<string, StreamState>();
  for (const stream of streams) {
    const events = (await store.streamRevision(stream)) === undefined ? [] : await store.readStream(stream);
    state.set(stream, foldStream(events));
  }
  return state;
}

async function write(store: EventStore, decided: readonly DecidedEvent[]): Promise<AppendedEvent[]> {
  const appends: StreamAppend[] = decided.flatMap((d) =>
    // Pinned to the revision decided: a writer that got in between fails it rather than leave a broken chain link.
    d.kind === 'new' ? [{ stream: d.stream, events: [d.envelope], expectedRevision: expectedBefore(d.revision) }] : [],
  );
  const results = (await writeAppends(store, appends)).values();
  return decided.map((d) => {
    const base = { type: d.event.type, stream: d.stream, id: d.id };
    if (d.kind === 'there') return { ...base, revision: d.revision, position: d.position, written: false };
    const result = results.next().value!;
    return { ...base, revision: result.nextRevision, position: result.position, written: result.written };
  });
}

async function writeAppends(store: EventStore, appends: readonly StreamAppend[]): Promise<AppendResult[]> {
  if (appends.length === 0) return [];
  if (store.appendToStreams) return store.appendToStreams(appends);
  const results: AppendResult[] = [];
  for (const a of appends) results.push(await store.appendToStream(a.stream, a.events, { expectedRevision: a.expectedRevision }));
  return results;
}
