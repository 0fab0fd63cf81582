import { schemaVersions, streamFor, type ArchiveEvent } from '../../events/types.js';
import { hashesFor } from '../store/hashes.js';
import { eventIdFor } from '../store/ids.js';
import type { NewEvent } from '../store/port.js';

export type WriteChannel = 'import' | 'cli' | 'api' | 'editor' | 'migrate';

/**
 * The envelope the store keeps. Its id is derived from its stream, revision and content
 * (src/store/ids.ts), so a retry of the same request against the same revision is a no-op; the
 * metadata carries the content hash and the stream's hash chain (src/store/hashes.ts), which link
 * it to the event before it in its stream (`previousHash`, null for a stream's first).
 */
export function toNewEvent(
  event: ArchiveEvent,
  via: WriteChannel,
  previousHash: string | null = null,
  revision = 0n,
  appendedBy?: string,
): NewEvent {
  return {
    id: eventIdFor(streamFor(event), event.type, event.data, revision),
    type: event.type,
    data: event.data,
    metadata: {
      schemaVersion: schemaVersions[event.type],
      via,
      ...(appendedBy === undefined ? {} : { appendedBy }),
      ...hashesFor(event.type, event.data, previousHash),
    },
  };
}
