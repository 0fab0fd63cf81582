import { archiveStreamPrefixes } from '../../events/types.js';
import { toArchiveEvent } from '../../events/validate.js';
import { readPages } from '../migrate/pages.js';
import { CorruptEventError } from '../store/errors.js';
import { eventIdFor } from '../store/ids.js';
import type { EventStore, RecordedEvent } from '../store/port.js';
import { createHash } from 'node:crypto';
import { chainHashOf, contentHashOf } from './hash.js';

/** The first thing found wrong in the log, named so a reader can go and look at it. */
export type LogProblem = Readonly<{ position?: bigint; stream?: string; id?: string; reason: string }>;

export type LogReport = Readonly<{
  events: number;
  streams: number;
  head?: bigint;
  /**
   * sha256 over every archive event's chainHash in log order, one per line. Written down (in a
   * citation, a newsletter, a notary's file) it pins the whole history: any later rewrite changes it.
   */
  digest?: string;
  problem?: LogProblem;
}>;

type StreamTip = { revision: bigint; chainHash: string };

/**
 * Replays the whole log and recomputes what each event vouches for: its content hash, its id
 * (derived from its stream, revision and content), its link to the event before it in its
 * stream, its revision, and that it still validates. `contiguous` also requires positions 1, 2, 3… with no gap, which the
 * embedded store guarantees (EventStoreDB's positions are byte offsets, so it is not asked there).
 */
export async function verifyLog(store: EventStore, options: { contiguous: boolean }): Promise<LogReport> {
  const tips = new Map<string, StreamTip>();
  const digest = createHash('sha256');
  let events = 0;
  let last: bigint | undefined;
  try {
    for await (const page of readPages(store)) {
      for (const e of page) {
        const expected = last === undefined ? 1n : last + 1n;
        if (options.contiguous && e.position !== expected) {
          const reason = `positions jump from ${last ?? 0n} to ${e.position}: event(s) at ${expected}…${e.position - 1n} are missing`;
          return { events, streams: tips.size, problem: { ...where(e), reason } };
        }
        last = e.position;
        if (archiveStreamPrefixes.some((p) => e.stream.startsWith(p))) {
          const reason = checkEvent(e, tips.get(e.stream));
          if (reason) return { events, streams: tips.size, problem: { ...where(e), reason } };
          tips.set(e.stream, { revision: e.revision, chainHash: e.metadata.chainHash as string });
          digest.update(`${e.metadata.chainHash as string}\n`);
        }
        events += 1;
      }
    }
  } catch (error) {
    if (!(error instanceof CorruptEventError)) throw error;
    const { position, stream, eventId: id } = error;
    return { events, streams: tips.size, problem: { position, stream, id, reason: error.message } };
  }
  return { events, streams: tips.size, head: last, digest: digest.digest('hex') };
}

const where = (e: RecordedEvent) => ({ position: e.position, stream: e.stream, id: e.id });
const short = (hash: unknown) => (typeof hash === 'string' ? `${hash.slice(0, 16)}…` : String(hash));

/** What is wrong with one event given the tip of its stream before it, or undefined. */
function checkEvent(e: RecordedEvent, tip: StreamTip | undefined): string | undefined {
  const m = e.metadata;
  const content = contentHashOf(e.type, e.data);
  if (typeof m.contentHash !== 'string') return 'the event carries no content hash';
  if (m.contentHash !== content) {
    return `its content was changed: the stored content hash is ${short(m.contentHash)}, the content hashes to ${short(content)}`;
  }
  // Events appended after a stream's first before ids held their revision have the id of revision 0.
  if (e.id !== eventIdFor(e.stream, e.type, e.data, e.revision) && e.id !== eventIdFor(e.stream, e.type, e.data)) {
    return 'its id is not the one its stream, revision, type and content give';
  }
  const revision = tip ? tip.revision + 1n : 0n;
  if (e.revision !== revision) return `its stream revision is ${e.revision}, the stream's next is ${revision}`;
  const previous = tip?.chainHash ?? null;
  if ((m.previousHash ?? null) !== previous) {
    return `its chain link is broken: previousHash is ${short(m.previousHash)}, the event before it in the stream ends at ${short(previous)}`;
  }
  if (m.chainHash !== chainHashOf(previous, content)) return `its chainHash ${short(m.chainHash)} is not sha256(previousHash + contentHash)`;
  try {
    toArchiveEvent({ type: e.type, data: e.data });
  } catch (error) {
    return `it no longer validates: ${(error as Error).message}`;
  }
  return undefined;
}

export function describeProblem(p: LogProblem): string {
  const at = [p.position !== undefined && `position ${p.position}`, p.stream && `stream ${p.stream}`, p.id && `event ${p.id}`];
  return `${at.filter(Boolean).join(', ') || 'the log'}: ${p.reason}`;
}
