import type Database from 'better-sqlite3';
import { decodeRanks, newestRanked, type Ranks } from './as-of-ranks.js';
import type { IndexQuery } from './as-of-rule.js';

/**
 * The as-of index of a read model, as its reader keeps it: each metric's ranks (as-of-ranks.ts),
 * loaded from the blobs the figures projection keeps (as_of_ranks) rather than sorted from every
 * figure, so the first query of a process costs one read of those blobs. Whenever SQLite says the
 * database changed (whichever connection changed it), the metrics whose ranks moved are reloaded,
 * found by the position they changed at. While a batch's or a rebuild's ranks are still to be
 * written (as_of_stale), the index says it cannot answer, and the SQL query does.
 */

export type CatalogueEntry = Readonly<{ id: string; position: number; label: string; topic: string }>;

export type AsOfIndex = Readonly<{
  /** The catalogue in the order the SQL query gives it (topic, then id). */
  metrics(): readonly CatalogueEntry[];
  /** Whether every metric's ranks are up to date with its figures. */
  complete(): boolean;
  /** The id of the newest figure of a metric visible under the query, or undefined. */
  newest(metric: string, query: IndexQuery): number | undefined;
  /** How many figures it holds. */
  figures(): number;
}>;

function loadIndex(db: Database.Database) {
  const q = {
    changes: db.prepare<[], { c: number }>('SELECT total_changes() AS c'),
    metrics: db.prepare<[], CatalogueEntry>('SELECT id, position, label, topic FROM figure_metrics ORDER BY topic, id'),
    ranksAfter: db.prepare<[number]>('SELECT metric, changed_at, ranks FROM as_of_ranks WHERE changed_at > ?').raw(),
    stale: db.prepare<[], { n: number }>('SELECT EXISTS (SELECT 1 FROM as_of_stale) AS n'),
  };
  const ranks = new Map<string, Ranks>();
  let metrics: readonly CatalogueEntry[] = [];
  let complete = false;
  let lastChange = -1;
  let seenChanges = -1;
  let seenDataVersion = -1;

  // One read transaction: the catalogue, the ranks and the stale marks are one snapshot.
  const load = db.transaction(() => {
    metrics = q.metrics.all();
    for (const [metric, changedAt, blob] of q.ranksAfter.iterate(lastChange) as Iterable<[string, number, Buffer]>) {
      ranks.set(metric, decodeRanks(blob));
      if (changedAt > lastChange) lastChange = changedAt;
    }
    complete = q.stale.get()!.n === 0;
  });

  function refresh(): void {
    const changes = q.changes.get()!.c;
    const dataVersion = db.pragma('data_version', { simple: true }) as number;
    if (changes === seenChanges && dataVersion === seenDataVersion) return;
    seenChanges = changes;
    seenDataVersion = dataVersion;
    load();
  }
  refresh();

  const index: AsOfIndex = {
    metrics: () => metrics,
    complete: () => complete,
    newest(metric, query) {
      const r = ranks.get(metric);
      return r && newestRanked(r, query);
    },
    figures: () => [...ranks.values()].reduce((n, r) => n + r.count, 0),
  };
  return { index, refresh };
}

/**
 * The index of a read model's figures, as its reader keeps it: loaded on the first call, and
 * brought up to date on every later one.
 */
export function asOfIndexOf(db: Database.Database): () => AsOfIndex {
  let loaded: ReturnType<typeof loadIndex> | undefined;
  return () => {
    if (!loaded) loaded = loadIndex(db);
    else loaded.refresh();
    return loaded.index;
  };
}
