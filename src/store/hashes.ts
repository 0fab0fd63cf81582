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
