import { archiveStreamPrefixes } from '../../events/types.js';
import { toArchiveEvent } from '../../events/validate.js';
import { readPages } from '../migrate/pages.js';
import { CorruptEventError } from '../store/errors.js';
import { eventIdFor } from '../store/ids.js';
import type { EventStore, RecordedEvent } from '../store/port.js';
import { chainHashOf, contentHashOf } from '../store/hashes.js';
import { logLinkOf, type LogHead } from './log-chain.js';

/** The first thing found wrong in the log, named so a reader can go and look at it. */
export type LogProblem = Readonly<{ position?: bigint; stream?: string; id?: string; reason: string }>;

/** Whether the store keeps the log-wide chain; when it does not, verify only recomputes it, and says why. */
export type ChainKept = Readonly<{ stored: true }> | Readonly<{ stored: false; why: string }>;

export type LogReport = Readonly<{
  events: number;
  streams: number;
  head?: bigint;
  chain: ChainKept;
  /**
   * The log-wide chain's head (log-chain.ts): the last position and its link. Written down (in a
   * citation, a newsletter, a notary's file) it pins the whole history up to that position:
   * `--expect-head` later shows any rewrite, reordering or dropping of what it covered.
   */
  chainHead?: LogHead;
  /** The head kept from an earlier run that the log was checked against, when one was given. */
  expectedHead?: LogHead;
  problem?: LogProblem;
}>;

export type VerifyLogOptions = Readonly<{ contiguous: boolean; expectHead?: LogHead }>;

type StreamTip = { revision: bigint; chainHash: string };

const noChainKept = 'this store keeps no log chain';

/**
 * Replays the whole log and recomputes what each event vouches for: its content hash, its id
 * (derived from its stream, revision and content), its link to the event before it in its stream, its revision, that
 * it still validates, and its link in the log-wide chain (position, recorded time and all), which
 * must equal the one stored with it where the store keeps one. `contiguous` also requires
 * positions 1, 2, 3… with no gap, which the embedded store guarantees (EventStoreDB's positions
 * are byte offsets, so it is not asked there). `expectHead` checks the log against a head kept
 * from an earlier run: that is what catches the newest events dropped with their links.
 */
export async function verifyLog(store: EventStore, options: VerifyLogOptions): Promise<LogReport> {
  // Read before the events: every link stored by then has its event in the log, unless it was taken out.
  const chain = store.logChain ? await store.logChain.status() : ({ stored: false, why: noChainKept } as const);
  const kept: ChainKept = chain.stored ? { stored: true } : chain;
  const tips = new Map<string, StreamTip>();
  let events = 0;
  let last: bigint | undefined;
  let link: string | null = null;
  let linkAtExpected: string | undefined;
  const report = (problem: LogProblem): LogReport => ({ events, streams: tips.size, chain: kept, problem });
  try {
    for await (const page of readPages(store)) {
      const stored = chain.stored ? await store.logChain!.links(page[0]!.position, page[page.length - 1]!.position) : undefined;
      for (const e of page) {
        const expected = last === undefined ? 1n : last + 1n;
        if (options.contiguous && e.position !== expected) {
          const reason = `positions jump from ${last ?? 0n} to ${e.position}: event(s) at ${expected}…${e.position - 1n} are missing`;
          return report({ ...where(e), reason });
        }
        last = e.position;
        if (archiveStreamPrefixes.some((p) => e.stream.startsWith(p))) {
          const reason = checkEvent(e, tips.get(e.stream));
          if (reason) return report({ ...where(e), reason });
          tips.set(e.stream, { revision: e.revision, chainHash: e.metadata.chainHash as string });
        }
        const previous = link;
        link = logLinkOf(previous, e);
        if (stored) {
          const reason = checkLink(stored.get(e.position), link, previous);
          if (reason) return report({ ...where(e), reason });
        }
        if (e.position === options.expectHead?.position) linkAtExpected = link;
        events += 1;
      }
    }
  } catch (error) {
    if (!(error instanceof CorruptEventError)) throw error;
    const { position, stream, eventId: id } = error;
    return report({ position, stream, id, reason: error.message });
  }
  if (chain.stored && chain.last && (last === undefined || chain.last.position > last)) {
    const reason = `the log ends at position ${last ?? 0}, but its chain holds links up to position ${chain.last.position}: the newest events were dropped`;
    return report({ position: (last ?? 0n) + 1n, reason });
  }
  const chainHead = last === undefined ? undefined : { position: last, hash: link! };
  if (options.expectHead) {
    const reason = checkKeptHead(options.expectHead, linkAtExpected, last);
    if (reason) return report({ position: options.expectHead.position, reason });
  }
  return { events, streams: tips.size, head: last, chain: kept, chainHead, expectedHead: options.expectHead };
}

function checkLink(stored: string | undefined, computed: string, previous: string | null): string | undefined {
  if (stored === undefined) return 'no log chain link is stored for it: it was written without one';
  if (stored === computed) return undefined;
  return (
    `its log chain link does not hold: stored ${short(stored)}, but its position, recorded time, stream, revision, ` +
    `id, content and metadata after the link ${short(previous)} hash to ${short(computed)}: ` +
    'it was moved, re-timed or rewritten after it was recorded'
  );
}

function checkKeptHead(kept: LogHead, computed: string | undefined, last: bigint | undefined): string | undefined {
  if (computed === kept.hash) return undefined;
  if (last === undefined || kept.position > last) {
    return `the log ends at position ${last ?? 0}, before the kept head's position: the newest events were dropped, or this is not the log the head was kept from`;
  }
  if (computed === undefined) return 'there is no event at the kept head\'s position: this is not the log the head was kept from';
  return (
    `the log up to here hashes to ${short(computed)}, the kept head says ${short(kept.hash)}: this is not the history ` +
    'the kept head was taken from (an event up to here was changed, moved, re-timed or taken out, and the links after it recomputed)'
  );
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
