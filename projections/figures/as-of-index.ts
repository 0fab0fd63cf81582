import type Database from 'better-sqlite3';
import { asOfKey as rankKey, asOfKeySql, compareRanked as compare, dayNumber, figuresPerVersion, visibleTo as visible, type IndexQuery, type RankedFigure } from './as-of-rule.js';

/**
 * An in-memory index of the figures table for `figures as of`: for each metric, its figures
 * sorted as the SQL query orders them (asOf day, a source's date before an inferred one,
 * publication day, log position, order), as
 * typed arrays (24 bytes a figure), so the newest visible figure of every metric is a binary
 * search and a short backward scan instead of one SQLite seek per metric.
 *
 * It is a cache of the read model, never a source: it is built from the tables on first use,
 * then brought up to date from the rows added since (figure ids and statement versions only
 * grow) whenever SQLite says the database changed, whichever connection changed it.
 */

/** Scan blocks: a block whose earliest publication or position is too late is skipped whole. */
const block = 16;

export type CatalogueEntry = Readonly<{ id: string; position: number; label: string; topic: string }>;


type Sorted = {
  asOf: Int32Array;
  published: Int32Array;
  id: Float64Array;
  until: Float64Array;
  blockMinPublished: Int32Array;
  blockMinId: Float64Array;
  /** Start of each metric's range, by metric number; one more entry than there are metrics. */
  start: Int32Array;
};

/** A figure added after the build, kept in a small sorted list per metric until the next build. */
type Recent = RankedFigure;

const dayOf = (day: string) => dayNumber(day) ?? 0;
const asOfKey = (day: string, inferred: number) => rankKey(dayOf(day), inferred);

export type AsOfIndex = ReturnType<typeof buildIndex>;

function buildIndex(db: Database.Database) {
  const metricNumbers = new Map<string, number>();
  const numberOf = (metric: string) => {
    let n = metricNumbers.get(metric);
    if (n === undefined) metricNumbers.set(metric, (n = metricNumbers.size));
    return n;
  };
  const q = {
    changes: db.prepare<[], { c: number }>('SELECT total_changes() AS c'),
    figuresAfter: db
      .prepare<[number]>('SELECT id, metric, as_of_day, as_of_inferred, published_on_day, until_position FROM figures WHERE id > ? ORDER BY id')
      .raw(),
    closedAfter: db.prepare<[number], { position: number; first_id: number }>(
      'SELECT position, first_id FROM figures_closed WHERE position > ? ORDER BY position',
    ),
    versionFigures: db.prepare<[number, number], { id: number; metric: string; as_of_day: string; as_of_inferred: number; published_on_day: string; until_position: number | null }>(
      'SELECT id, metric, as_of_day, as_of_inferred, published_on_day, until_position FROM figures WHERE id BETWEEN ? AND ?',
    ),
    // Both in the order of the covering index figures_by_metric: reads of the index alone, sorted.
    // Days come as integers (2023-01-05 → 20230105) and metrics as counts, so no string reaches JS per row.
    metricCounts: db.prepare<[], { metric: string; n: number }>('SELECT metric, count(*) AS n FROM figures GROUP BY metric ORDER BY metric'),
    everyFigure: db
      .prepare<[]>(
        `SELECT id, ${asOfKeySql},
           CAST(replace(published_on_day, '-', '') AS INTEGER), until_position
         FROM figures ORDER BY metric, as_of_day, as_of_inferred DESC, published_on_day, from_position, until_position`,
      )
      .raw(),
    lastClosed: db.prepare<[], { p: number | null }>('SELECT max(position) AS p FROM figures_closed'),
    metrics: db.prepare<[], CatalogueEntry>('SELECT id, position, label, topic FROM figure_metrics ORDER BY topic, id'),
  };
  let metrics = q.metrics.all();

  // The bulk load, in one read transaction so the figures and the marks the refreshes start
  // from are one snapshot. The covering index gives the rows grouped by metric and already in
  // the order the query wants (asOf, publication, position, then id: the figure's order), so
  // each row goes straight to its place: no sort, and no copy of the table in between.
  let lastId = 0;
  let lastClosedPosition = 0;
  let seenChanges = 0;
  let seenDataVersion = 0;
  let count = 0;
  let sorted!: Sorted;
  db.transaction(() => {
    lastClosedPosition = q.lastClosed.get()?.p ?? 0;
    seenChanges = q.changes.get()!.c;
    seenDataVersion = db.pragma('data_version', { simple: true }) as number;
    const counts = q.metricCounts.all();
    for (const { metric } of counts) numberOf(metric);
    sorted = allocate(counts.map((c) => c.n));
    let m = -1;
    let left = 0;
    let at = 0;
    for (const [id, asOf, published, until] of q.everyFigure.iterate() as Iterable<[number, number, number, number | null]>) {
      while (left === 0) {
        m += 1;
        left = counts[m]!.n;
        at = sorted.start[m]!;
      }
      left -= 1;
      sorted.asOf[at] = asOf;
      sorted.published[at] = published;
      sorted.id[at] = id;
      sorted.until[at] = until ?? Infinity;
      at += 1;
      count += 1;
      if (id > lastId) lastId = id;
    }
  })();
  summariseBlocks(sorted);
  const recent = new Map<number, Recent[]>();

  /** Brings the index up to the tables: new figures, and figures closed by a new version. */
  function refresh(): void {
    const changes = q.changes.get()!.c;
    const dataVersion = db.pragma('data_version', { simple: true }) as number;
    if (changes === seenChanges && dataVersion === seenDataVersion) return;
    seenChanges = changes;
    seenDataVersion = dataVersion;
    metrics = q.metrics.all();
    for (const [id, metric, asOf, inferred, published, until] of q.figuresAfter.iterate(lastId) as Iterable<[number, string, string, number, string, number | null]>) {
      addRecent(numberOf(metric), { asOf: asOfKey(asOf, inferred), published: dayOf(published), id, until: until ?? Infinity });
      lastId = id;
    }
    for (const closed of q.closedAfter.all(lastClosedPosition)) {
      lastClosedPosition = closed.position;
      for (const row of q.versionFigures.all(closed.first_id, closed.first_id + figuresPerVersion - 1)) {
        setUntil(numberOf(row.metric), asOfKey(row.as_of_day, row.as_of_inferred), dayOf(row.published_on_day), row.id, row.until_position ?? Infinity);
      }
    }
  }

  function addRecent(metric: number, entry: Recent) {
    const list = recent.get(metric) ?? [];
    let i = list.length;
    while (i > 0 && compare(list[i - 1]!, entry) > 0) i--;
    list.splice(i, 0, entry);
    recent.set(metric, list);
  }

  function setUntil(metric: number, asOf: number, published: number, id: number, until: number) {
    const inRecent = recent.get(metric)?.find((e) => e.id === id);
    if (inRecent) {
      inRecent.until = until;
      return;
    }
    if (metric + 1 >= sorted.start.length) return;
    const from = sorted.start[metric]!;
    const to = sorted.start[metric + 1]!;
    let lo = from;
    let hi = to;
    const key = { asOf, published, id, until };
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compare(entryAt(sorted, mid), key) < 0) lo = mid + 1;
      else hi = mid;
    }
    if (lo < to && sorted.id[lo] === id) sorted.until[lo] = until;
  }

  /** The id of the newest figure of a metric visible under the query, or undefined. */
  function newest(metric: string, query: IndexQuery): number | undefined {
    const m = metricNumbers.get(metric);
    if (m === undefined) return undefined;
    let best: Recent | undefined;
    if (m + 1 < sorted.start.length) {
      const i = newestInRange(sorted, sorted.start[m]!, sorted.start[m + 1]!, query);
      if (i !== undefined) best = entryAt(sorted, i);
    }
    const list = recent.get(m);
    if (list) {
      for (let i = list.length - 1; i >= 0; i--) {
        const e = list[i]!;
        if (e.asOf > query.date) continue;
        if (visible(e.published, e.id, e.until, query)) {
          if (!best || compare(e, best) > 0) best = e;
          break;
        }
      }
    }
    return best?.id;
  }

  return {
    refresh,
    newest,
    /** The catalogue in the order the SQL query gives it (topic, then id). */
    metrics: () => metrics,
    figures: count,
  };
}


const entryAt = (s: Sorted, i: number): Recent => ({ asOf: s.asOf[i]!, published: s.published[i]!, id: s.id[i]!, until: s.until[i]! });


/** Within one metric's sorted range: the last entry with asOf <= date that is visible. */
function newestInRange(s: Sorted, from: number, to: number, q: IndexQuery): number | undefined {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (s.asOf[mid]! <= q.date) lo = mid + 1;
    else hi = mid;
  }
  const atId = Math.floor(q.at) * figuresPerVersion + figuresPerVersion - 1;
  let i = lo - 1;
  while (i >= from) {
    // At the end of a whole block (ranges start on block boundaries): skip it when nothing
    // in it was published by `known` and recorded by `at`.
    if ((i + 1) % block === 0) {
      const b = (i + 1) / block - 1;
      if (s.blockMinPublished[b]! > q.known || s.blockMinId[b]! > atId) {
        i -= block;
        continue;
      }
    }
    if (visible(s.published[i]!, s.id[i]!, s.until[i]!, q)) return i;
    i--;
  }
  return undefined;
}

const never = 2 ** 31 - 1;

/** Room for each metric's figures, each range padded to whole blocks with entries that never match. */
function allocate(sizes: readonly number[]): Sorted {
  const start = new Int32Array(sizes.length + 1);
  sizes.forEach((n, m) => (start[m + 1] = start[m]! + Math.ceil(n / block) * block));
  const total = start[sizes.length]!;
  return {
    asOf: new Int32Array(total).fill(never),
    published: new Int32Array(total).fill(never),
    id: new Float64Array(total).fill(Infinity),
    until: new Float64Array(total),
    blockMinPublished: new Int32Array(total / block),
    blockMinId: new Float64Array(total / block),
    start,
  };
}

/** Each block's earliest publication day and id, for the scan to skip blocks whole. */
function summariseBlocks(s: Sorted): void {
  for (let b = 0; b < s.blockMinId.length; b++) {
    let minPublished = never;
    let minId = Infinity;
    for (let i = b * block; i < (b + 1) * block; i++) {
      if (s.published[i]! < minPublished) minPublished = s.published[i]!;
      if (s.id[i]! < minId) minId = s.id[i]!;
    }
    s.blockMinPublished[b] = minPublished;
    s.blockMinId[b] = minId;
  }
}

/**
 * The index of a read model's figures, as its reader keeps it: built on the first call (seconds,
 * at a million events, so not before a query needs it) and brought up to date on every later one.
 */
export function asOfIndexOf(db: Database.Database): () => AsOfIndex {
  let index: AsOfIndex | undefined;
  return () => {
    if (!index) index = buildIndex(db);
    else index.refresh();
    return index;
  };
}
