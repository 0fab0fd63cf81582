import type { EventStore, RecordedEvent } from '../store/port.js';

export const defaultPageSize = 1000;

/**
 * The whole log of a store, forwards, one page at a time, so a log of millions of events
 * never sits in memory. Each page restarts at the last position seen rather than one past it:
 * EventStoreDB's positions are byte offsets, and only a position the store gave out is a place
 * a read can start. The read includes that event again, so it is dropped.
 */
export async function* readPages(store: EventStore, pageSize = defaultPageSize): AsyncGenerator<RecordedEvent[]> {
  let last: bigint | undefined;
  for (;;) {
    const want = last === undefined ? pageSize : pageSize + 1;
    const page = await store.readAll({ fromPosition: last, maxCount: want });
    const fresh = last === undefined ? page : page.filter((e) => e.position > last!);
    if (fresh.length) yield fresh;
    if (page.length < want || fresh.length === 0) return;
    last = fresh[fresh.length - 1]!.position;
  }
}

/** The same log event by event. */
export async function* readEvents(store: EventStore, pageSize = defaultPageSize): AsyncGenerator<RecordedEvent> {
  for await (const page of readPages(store, pageSize)) yield* page;
}
