import type { EventStore } from '../store/port.js';
import { logDigest } from './digest.js';
import { readPages } from './pages.js';

export type TargetDigest = Readonly<{
  count: number;
  sha256: string;
  /** The first event the target holds past the source's end of its stream, if any. */
  beyondSource?: string;
}>;

/**
 * The target's digest over the migrated streams only, in its own log order: a target may hold
 * other streams, but in these it must hold exactly the source's events, in the source's order.
 * `lastRevisions` maps every migrated stream to its last revision in the source.
 */
export async function digestTarget(
  target: EventStore,
  lastRevisions: ReadonlyMap<string, bigint>,
  pageSize: number,
): Promise<TargetDigest> {
  const digest = logDigest();
  let beyondSource: string | undefined;
  for await (const page of readPages(target, pageSize)) {
    for (const e of page) {
      const last = lastRevisions.get(e.stream);
      if (last === undefined) continue;
      digest.add(e);
      if (e.revision > last) beyondSource ??= `${e.stream} revision ${e.revision} (event ${e.id})`;
    }
  }
  return { ...digest.result(), beyondSource };
}
