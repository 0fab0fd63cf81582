import { createHash } from 'node:crypto';
import { canonicalJson } from './ids.js';

/**
 * The tamper evidence every event carries in its metadata. Plain SHA-256 over text anyone can
 * rebuild (RFC 8785 canonical JSON), so a reader can check an exported log without this code:
 *   contentHash = sha256(canonicalJson({ type, data }))
 *   chainHash   = sha256((previousHash ?? '') + contentHash)
 * where previousHash is the chainHash of the event before it in the same stream (null for the first).
 */
export type EventHashes = Readonly<{ contentHash: string; previousHash: string | null; chainHash: string }>;

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

export function contentHashOf(type: string, data: unknown): string {
  return sha256(canonicalJson({ type, data }));
}

export function chainHashOf(previousHash: string | null, contentHash: string): string {
  return sha256(`${previousHash ?? ''}${contentHash}`);
}

export function hashesFor(type: string, data: unknown, previousHash: string | null): EventHashes {
  const contentHash = contentHashOf(type, data);
  return { contentHash, previousHash, chainHash: chainHashOf(previousHash, contentHash) };
}

/** The chain value a stream ends with, recomputed from content so it holds even for events stored without hashes. */
export function streamChainHead(events: readonly { type: string; data: unknown }[]): string | null {
  return events.reduce<string | null>((previous, e) => chainHashOf(previous, contentHashOf(e.type, e.data)), null);
}

/**
 * The content hash an event's envelope carries (src/domain/envelope.ts computes it from this same
 * content as it builds the envelope), or, for an envelope without one, the hash of its content.
 * An append links the event into the log with it rather than hash the content a second time; a
 * wrong one would be the writer's bug, and `qantar verify` names such an event twice over (its
 * content hash, and its log link, both recomputed from the content).
 */
export function carriedContentHash(e: Readonly<{ type: string; data: unknown; metadata: Readonly<Record<string, unknown>> }>): string {
  const carried = e.metadata.contentHash;
  return typeof carried === 'string' && sha256Hex.test(carried) ? carried : contentHashOf(e.type, e.data);
}

const sha256Hex = /^[0-9a-f]{64}$/;
