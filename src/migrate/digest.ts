import { createHash } from 'node:crypto';
import { canonicalJson } from '../store/ids.js';
import type { RecordedEvent } from '../store/port.js';

/**
 * What a migration must keep of an event, as canonical JSON. Position and recordedAt are left
 * out: they are the archive time of whichever store holds the log, and the target sets its own.
 * The revision travels as a decimal string, as every bigint does at a boundary.
 */
export function eventContent(e: RecordedEvent): string {
  return canonicalJson({
    id: e.id,
    stream: e.stream,
    revision: e.revision.toString(10),
    type: e.type,
    data: e.data,
    metadata: e.metadata,
  });
}

/** sha256 over the events' content in log order, one line each, with their count. */
export function logDigest() {
  const hash = createHash('sha256');
  let count = 0;
  return {
    add(e: RecordedEvent) {
      hash.update(eventContent(e)).update('\n');
      count += 1;
    },
    result: () => ({ count, sha256: hash.copy().digest('hex') }),
  };
}
