import type { ArchiveEvent } from '../../events/types.js';
import { WrongExpectedRevisionError } from '../store/errors.js';
import type { AppendResult, EventStore, StreamAppend } from '../store/port.js';
import { DomainError } from './errors.js';
import { planAppend, type AppendOptions, type PlannedEvent } from './append-plan.js';

export { toNewEvent, type AppendOptions, type WriteChannel } from './append-plan.js';

export type AppendedEvent = Readonly<{
  type: ArchiveEvent['type'];
  stream: string;
  id: string;
  revision: bigint;
  position: bigint;
  written: boolean;
}>;

/**
 * Checks every event of a batch against the archive before writing any of them
 * (append-plan.ts), then writes what is not there yet. Where the store can, the batch is one
 * transaction: a statement and the metrics it defines, or a whole archive directory, are all in
 * the log or none is, whenever the process dies. Where it cannot (EventStoreDB), the events go
 * one by one in order, and the same batch sent again completes it: what is there is a retry.
 */
export async function appendArchiveEvents(
  store: EventStore,
  events: readonly ArchiveEvent[],
  options: AppendOptions,
): Promise<AppendedEvent[]> {
  for (let attempt = 1; ; attempt++) {
    const plan = await planAppend(store, events, options);
    try {
      return await write(store, plan);
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError)) throw error;
      // Another writer got in between the plan and the write. Planned again on the log as it now
      // is, an editor's stale revision shows as the conflict it is, and a racing retry as a retry.
      if (attempt >= 5) {
        throw new DomainError('CONFLICT', 'data', `${error.message}. Someone else changed it first: reload and retry.`);
      }
    }
  }
}

async function write(store: EventStore, plan: readonly PlannedEvent[]): Promise<AppendedEvent[]> {
  const fresh = plan.filter((p) => p.kind === 'new');
  const appends: StreamAppend[] = fresh.map((p) => ({
    stream: p.stream,
    events: [p.envelope],
    // Pinned to the revision planned: a writer that got in between fails it rather than leave a broken chain link.
    expectedRevision: p.revision === 0n ? 'no_stream' : p.revision - 1n,
  }));
  const results = (await writeAppends(store, appends)).values();
  return plan.map((p) => {
    const base = { type: p.event.type, stream: p.stream, id: p.id };
    if (p.kind === 'there') return { ...base, revision: p.revision, position: p.position, written: false };
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
