import canonicalize from 'canonicalize';
import { v5 as uuidv5 } from 'uuid';

/** Qantar's own UUID namespace, so its ids never collide with another application's v5 ids. */
const namespace = '6f1d3c2e-8a4b-5f7e-9c0d-1a2b3c4d5e6f';

/**
 * An event's id is derived from where it goes and what it says, so a retried append
 * carries the same id and the store recognises it (as EventStoreDB does).
 */
export function eventIdFor(stream: string, type: string, data: unknown): string {
  return uuidv5(`${stream}\n${type}\n${canonicalJson(data)}`, namespace);
}

/** RFC 8785 canonical JSON: the same value always gives the same text, whatever its key order. */
export function canonicalJson(value: unknown): string {
  return canonicalize(value) ?? 'null';
}
