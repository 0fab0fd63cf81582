import canonicalize from 'canonicalize';
import { v5 as uuidv5 } from 'uuid';

/** Qantar's own UUID namespace, so its ids never collide with another application's v5 ids. */
const namespace = '6f1d3c2e-8a4b-5f7e-9c0d-1a2b3c4d5e6f';

/**
 * An event's id is derived from where it goes (its stream and revision) and what it says, so a
 * retried append carries the same id and the store recognises it (as EventStoreDB does). The
 * revision is part of it because a retry is the same request against the same revision: a
 * correction that returns a statement to an earlier state says what an earlier correction said,
 * at another revision, and is new work. A stream's first event (revision 0) has the id its stream,
 * type and content give, as every event had before revisions were part of ids; such ids are
 * still valid for later events appended before then (src/verify/log.ts).
 */
export function eventIdFor(stream: string, type: string, data: unknown, revision = 0n): string {
  const at = revision === 0n ? '' : `${revision}\n`;
  return uuidv5(`${stream}\n${at}${type}\n${canonicalJson(data)}`, namespace);
}

/** RFC 8785 canonical JSON: the same value always gives the same text, whatever its key order. */
export function canonicalJson(value: unknown): string {
  return canonicalize(value) ?? 'null';
}
