import { archiveStreamPrefixes } from '../../events/types.js';
import type { EventStore } from '../store/port.js';
import { lookUpInLog } from './log-lookup.js';

/**
 * When the archive recorded log position `at`: the cite block's "archive date". The read model
 * keeps no recording time for catalogue events, so it is read from the log; a position's time
 * never changes, so each is read once and remembered (per store, a bounded memo).
 */
const memo = new WeakMap<EventStore, Map<number, string>>();
const memoLimit = 10_000;

export async function recordedAtOf(store: EventStore, at: number): Promise<string | undefined> {
  if (at <= 0) return undefined;
  let known = memo.get(store);
  if (!known) memo.set(store, (known = new Map()));
  const hit = known.get(at);
  if (hit) return hit;
  // Backwards from `at`, inclusive: the archive event at that position, or the last one before it.
  const events = await lookUpInLog(store.readAll({ direction: 'backwards', fromPosition: BigInt(at), maxCount: 1, streamPrefixes: archiveStreamPrefixes }));
  const recordedAt = events?.[0]?.recordedAt;
  if (recordedAt) {
    if (known.size >= memoLimit) known.clear();
    known.set(at, recordedAt);
  }
  return recordedAt;
}
