import { createHash } from 'node:crypto';
import { canonicalJson } from '../store/ids.js';
import type { RecordedEvent } from '../store/port.js';
import { contentHashOf } from '../store/hashes.js';

/**
 * The log-wide hash chain, beside the per-stream chains of src/store/hashes.ts. Those pin each stream's
 * content and order, but not archive time: where an event sits in the whole log and when it was
 * recorded, which `at=` permalinks and every "as the archive showed it then" answer rest on.
 * Each event's link hashes the link before it in the log and everything the event is:
 *
 *   logHash = sha256(canonicalJson({ previous, position, recordedAt, stream, revision, id, contentHash, metadata }))
 *
 * with position and revision as decimal strings, contentHash as in src/store/hashes.ts, and previous the
 * logHash of the event before it in the log (null for the first). The last event's logHash, with
 * its position, is the log's head: it pins every event up to it, in order, so a head kept outside
 * the archive's reach shows any later rewrite, reordering or dropping of what it covered.
 */
export type LogLinkedEvent = Pick<RecordedEvent, 'position' | 'recordedAt' | 'stream' | 'revision' | 'id' | 'type' | 'data' | 'metadata'>;

/**
 * `contentHash` is the event's content hash when the caller already has it (an append takes the
 * one its envelope carries, so each event's content is canonicalised and hashed once); a reader
 * checking a log leaves it out, and the link is computed from the content itself.
 */
export function logLinkOf(previous: string | null, e: LogLinkedEvent, contentHash = contentHashOf(e.type, e.data)): string {
  const linked = {
    previous,
    position: e.position.toString(10),
    recordedAt: e.recordedAt,
    stream: e.stream,
    revision: e.revision.toString(10),
    id: e.id,
    contentHash,
    metadata: e.metadata,
  };
  return createHash('sha256').update(canonicalJson(linked), 'utf8').digest('hex');
}

/** A point of the chain a reader can write down and later check: `<position>:<logHash>`. */
export type LogHead = Readonly<{ position: bigint; hash: string }>;

export const formatHead = (head: LogHead) => `${head.position}:${head.hash}`;

/** `6:9f86d0…` back into a head, or undefined when the text is not a position and a sha256 in hex. */
export function parseHead(text: string): LogHead | undefined {
  const match = /^(\d{1,20}):([0-9a-f]{64})$/.exec(text.trim().toLowerCase());
  return match ? { position: BigInt(match[1]!), hash: match[2]! } : undefined;
}
