import type { EventStore, RecordedEvent } from '../store/port.js';
import { copyEvent } from './copy-event.js';
import { eventContent, logDigest } from './digest.js';
import { MigrationError } from './errors.js';
import { defaultPageSize, readEvents, readPages } from './pages.js';
import { digestTarget, type TargetDigest } from './verify.js';

export { MigrationDivergedError, MigrationError } from './errors.js';

export type MigrateOptions = Readonly<{
  /** Events read from either log at once. */
  pageSize?: number;
  /** Called after each page of the source. */
  onProgress?: (progress: Readonly<{ read: number; copied: number }>) => void;
}>;

export type MigrationReport = Readonly<{
  /** Events appended to the target by this run. */
  copied: number;
  /** Events the target already held (an earlier, perhaps interrupted, run copied them). */
  skipped: number;
  streams: number;
  source: Readonly<{ count: number; sha256: string }>;
  target: TargetDigest;
  /** Same count and the same hash: the target holds the source's events, in its order. */
  verified: boolean;
}>;

/**
 * Copies the whole log of `source` into `target` through the port, keeping each event's id,
 * stream, revision, type, data and metadata, in the source's log order. Position and recordedAt
 * are the target's own archive time. A re-run copies only what is missing; a target that holds
 * other events in the source's streams is refused (MigrationDivergedError).
 */
export async function migrate(source: EventStore, target: EventStore, options: MigrateOptions = {}): Promise<MigrationReport> {
  const pageSize = options.pageSize ?? defaultPageSize;
  const digest = logDigest();
  // Every migrated stream and its last revision in the source: the target is verified on these.
  const lastRevisions = new Map<string, bigint>();
  const prefix = copiedPrefix(source, target, pageSize);
  let copied = 0;
  let skipped = 0;
  for await (const page of readPages(source, pageSize)) {
    for (const e of page) {
      assertNextInStream(e, lastRevisions.get(e.stream));
      digest.add(e);
      lastRevisions.set(e.stream, e.revision);
      if ((await prefix.holds(e)) || !(await copyEvent(target, e))) skipped += 1;
      else copied += 1;
    }
    options.onProgress?.({ read: copied + skipped, copied });
  }
  await prefix.end();
  const sourceDigest = digest.result();
  const targetDigest = await digestTarget(target, lastRevisions, pageSize);
  return {
    copied,
    skipped,
    streams: lastRevisions.size,
    source: sourceDigest,
    target: targetDigest,
    verified: sourceDigest.count === targetDigest.count && sourceDigest.sha256 === targetDigest.sha256,
  };
}

/**
 * Revisions are kept only if each source stream runs 0, 1, 2… EventStoreDB streams truncated by
 * $tb or $maxCount, or deleted and written again, start later: they cannot be copied as they are.
 */
function assertNextInStream(e: RecordedEvent, previous: bigint | undefined): void {
  const expected = previous === undefined ? 0n : previous + 1n;
  if (e.revision === expected) return;
  throw new MigrationError(
    `The source stream ${e.stream} goes to revision ${e.revision} where ${expected} was due (truncated or ` +
      'deleted events?): its revisions cannot be kept. Nothing was copied past this event.',
  );
}

/**
 * How far the target already holds the source, found by reading both logs side by side, a page
 * at a time, instead of appending: a re-run over a copied log reads both once and
 * writes nothing. Target streams the source lacks are passed over (the target may hold other
 * data). At the first other difference the walk ends for good, and every later event goes through
 * copyEvent, whose expected revisions tell an event already there from a conflict.
 */
function copiedPrefix(source: EventStore, target: EventStore, pageSize: number) {
  const events = readEvents(target, pageSize);
  const inSource = new Map<string, boolean>();
  let walking = true;
  const end = async () => {
    walking = false;
    await events.return(undefined);
  };
  return {
    end,
    async holds(e: RecordedEvent): Promise<boolean> {
      if (!walking) return false;
      const expected = eventContent(e);
      for (;;) {
        const next = await events.next();
        if (next.done) break;
        const t = next.value;
        if (eventContent(t) === expected) return true;
        if (!inSource.has(t.stream)) inSource.set(t.stream, (await source.streamRevision(t.stream)) !== undefined);
        if (inSource.get(t.stream)) break;
      }
      await end();
      return false;
    },
  };
}
