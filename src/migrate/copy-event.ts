import { DuplicateEventIdError, WrongExpectedRevisionError } from '../store/errors.js';
import type { EventStore, RecordedEvent } from '../store/port.js';
import { eventContent } from './digest.js';
import { MigrationDivergedError } from './errors.js';

/**
 * Appends one source event at its own revision: expectedRevision is the revision before it, so
 * the port itself tells the cases apart. An event already there is an idempotent retry
 * (written: false); another event in its place is a conflict, and the copy stops there rather
 * than write on top of a log that is not the source's. Returns whether it was written.
 */
export async function copyEvent(target: EventStore, e: RecordedEvent): Promise<boolean> {
  const expectedRevision = e.revision === 0n ? 'no_stream' : e.revision - 1n;
  const event = { id: e.id, type: e.type, data: e.data, metadata: e.metadata };
  let result;
  try {
    result = await target.appendToStream(e.stream, [event], { expectedRevision });
  } catch (error) {
    if (error instanceof WrongExpectedRevisionError || error instanceof DuplicateEventIdError) {
      throw await diverged(target, e, error.message);
    }
    throw error;
  }
  if (result.nextRevision !== e.revision) {
    throw await diverged(target, e, `the target holds this event at revision ${result.nextRevision}`);
  }
  if (!result.written) {
    // A retry is matched on id, type and data only: metadata must be compared here.
    const [there] = await target.readStream(e.stream, { fromRevision: e.revision, maxCount: 1 });
    if (!there || eventContent(there) !== eventContent(e)) throw await diverged(target, e, 'its metadata differs');
  }
  return result.written;
}

async function diverged(target: EventStore, e: RecordedEvent, reason: string): Promise<MigrationDivergedError> {
  const [there] = await target.readStream(e.stream, { fromRevision: e.revision, maxCount: 1 }).catch(() => []);
  const holds = there ? `holds event ${there.id} (${there.type})` : 'holds no event';
  return new MigrationDivergedError(
    e.stream,
    e.revision,
    `The target ${target.description} diverges from the source at ${e.stream} revision ${e.revision}: ` +
      `the source has event ${e.id} (${e.type}), the target ${holds} there (${reason}). ` +
      'Nothing was copied past this event. Migrate into an empty store, or one whose streams agree with the source.',
  );
}
