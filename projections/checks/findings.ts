import type Database from 'better-sqlite3';
import { sortFindings } from '../../src/domain/checks/evaluate.js';
import type { CheckedFigure, Finding } from '../../src/domain/checks/types.js';
import { preparedFor } from '../projection.js';
import { firstDay as dayOf } from '../../events/schema/dates.js';
import type { CheckedFindings, CheckKey, ChecksQuery } from './evaluate-findings.js';
import type { StoredFinding } from './findings-projection.js';

export type { ChecksQuery } from './evaluate-findings.js';

/**
 * Every check evaluated afresh under the query's three times, one at a time, as the reader does it
 * (src/read-model/fresh-checks.ts): it reads the figures and the catalogue, which are not this
 * projection's tables, so the queries here take it rather than import it.
 */
export type FreshChecks = (q: ChecksQuery, only?: (check: number, key: CheckKey) => boolean) => Iterable<CheckedFindings>;

/**
 * Whether the findings read model answers the query: at the head of the log (or any position
 * after the last event that touched a check), for any `known` no earlier than the latest day a
 * figure was published. Anything else is evaluated afresh from the figures, as before.
 */
function kept(db: Database.Database, q: ChecksQuery): boolean {
  const state = reads(db).state.get()!;
  return state.stale === 0 && (q.at === undefined || q.at >= state.changed_at) && (q.known === undefined || q.known >= state.latest_published_day);
}

/**
 * Reads stored findings whole, as an evaluation up to `date` gives them: a finding that ends
 * after the date still holds on it (findings-projection.ts says why that is exact). Each figure's
 * evidence is read once a reader, as a relation's findings on consecutive dates share most of theirs.
 */
function findingReader(db: Database.Database, date: string) {
  const figures = new Map<string, CheckedFigure>();
  const figureOf = (key: string) => {
    let figure = figures.get(key);
    if (!figure) {
      if (figures.size >= 10_000) figures.clear();
      figures.set(key, (figure = JSON.parse(reads(db).evidence.get(key)![0]) as CheckedFigure));
    }
    return figure;
  };
  return (data: string, untilDay: string | null): Finding => {
    const stored = JSON.parse(data) as StoredFinding;
    const finding = { ...stored, figures: stored.figures.map(([role, key]) => ({ ...figureOf(key), role })) };
    return untilDay !== null && untilDay > date ? { ...finding, until: null } : finding;
  };
}

/**
 * Every finding up to `date`: contradictions between the declared relations and the official
 * figures, and revisions and disagreements within each metric's figures, in date order.
 * A finding whose `until` is null still holds on `date`; the others were resolved before it.
 * Everything is in memory at once: pages and exports use findingsWindowAsOf and eachFindingsChunk.
 */
export function findingsAsOf(db: Database.Database, fresh: FreshChecks, q: ChecksQuery): Finding[] {
  if (!kept(db, q)) return sortFindings([...fresh(q)].flatMap((c) => c.findings));
  const read = findingReader(db, q.date);
  return reads(db).inDateOrder.all(q.date).map(([data, untilDay]) => read(data, untilDay));
}

/**
 * The findings up to `date`, one check at a time (relations by id, then each metric's series),
 * each check's in date order, numbered by the check's place. Only one check's findings are in
 * memory at once. A relation is given even with no finding; a metric's series only with some.
 */
export function eachRelationsFindings(
  db: Database.Database,
  fresh: FreshChecks,
  q: ChecksQuery,
  take: (findings: Finding[], relation: number) => void,
  only: (relation: number) => boolean = () => true,
): void {
  if (!kept(db, q)) {
    for (const { findings, check } of fresh(q, (c) => only(c))) take(findings, check);
    return;
  }
  const checks = reads(db).checks.all();
  const read = findingReader(db, q.date);
  checks.forEach(({ id, series, topic }, check) => {
    if (!only(check)) return;
    const findings = reads(db).ofCheck.all(series, topic, id, q.date).map(([data, untilDay]) => read(data, untilDay));
    if (series === 0 || findings.length > 0) take(findings, check);
  });
}

/** Findings a chunk at most, for exports that write as they read. */
const defaultChunkSize = 500;

/**
 * Every finding up to `date`, in the order eachRelationsFindings gives, a chunk at a time: each
 * chunk is read when the one before has been taken, so a writer can wait for its reader between
 * chunks, and no more than a chunk is ever in memory (a fresh evaluation: one check's findings).
 * Should the read model move past `at` between two chunks, the rest is evaluated afresh at `at`,
 * from the finding after the last one given: the whole answer is the log at one position.
 */
export function* eachFindingsChunk(db: Database.Database, fresh: FreshChecks, q: ChecksQuery, chunkSize = defaultChunkSize): Generator<Finding[]> {
  let after: ChunkKey = [-1, '', '', '', ''];
  const read = findingReader(db, q.date);
  while (kept(db, q)) {
    // Paged by the table's key, so each chunk is one seek, however far into the file.
    const rows = reads(db).chunk.all(...after, q.date, chunkSize);
    if (rows.length === 0) return;
    const last = rows[rows.length - 1]!;
    after = [last[0], last[1], last[2], last[3], last[4]];
    yield rows.map((r) => read(r[5], r[6]));
  }
  const [series, topic, checkId, firstDay, date] = after;
  const notBefore = (key: CheckKey) => compareKeys(key, [series, topic, checkId]) >= 0;
  for (const { findings, key } of fresh(q, (_, key) => notBefore(key))) {
    const rest = compareKeys(key, [series, topic, checkId]) > 0 ? findings : findings.filter((f) => compareKeys([dayOf(f.date), f.date], [firstDay, date]) > 0);
    if (rest.length > 0) yield rest;
  }
}

/** Keys compared as SQLite compares row values: numbers as numbers, text by code units. */
function compareKeys(a: readonly (number | string)[], b: readonly (number | string)[]): number {
  for (let i = 0; i < a.length; i++) {
    if (a[i]! < b[i]!) return -1;
    if (a[i]! > b[i]!) return 1;
  }
  return 0;
}

/**
 * Every finding up to `date` in date order (findingsAsOf's), a chunk at a time, read through the
 * date index: a command printing a large archive's findings holds a chunk, not all of them. An
 * answer the read model does not keep is evaluated afresh, whole, as findingsAsOf does.
 */
export function* findingsInDateOrder(db: Database.Database, fresh: FreshChecks, q: ChecksQuery, chunkSize = defaultChunkSize): Generator<Finding[]> {
  if (!kept(db, q)) {
    yield findingsAsOf(db, fresh, q);
    return;
  }
  const read = findingReader(db, q.date);
  let after: [firstDay: string, checkId: string, date: string] = ['', '', ''];
  for (;;) {
    const rows = reads(db).dateChunk.all(...after, q.date, chunkSize);
    if (rows.length === 0) return;
    const last = rows[rows.length - 1]!;
    after = [last[0], last[1], last[2]];
    yield rows.map((r) => read(r[3], r[4]));
  }
}

/** How many findings there are up to `date`, and how many of them still hold on it. */
export function countFindings(db: Database.Database, fresh: FreshChecks, q: ChecksQuery): { total: number; holding: number } {
  if (!kept(db, q)) {
    const findings = findingsAsOf(db, fresh, q);
    return { total: findings.length, holding: findings.filter((f) => f.until === null).length };
  }
  return reads(db).count.get(q.date, q.date)!;
}

type ChunkKey = [series: number, topic: string, checkId: string, firstDay: string, date: string];

/** A finding's place in date order, without its evidence: enough to count findings and choose a page. */
export type FindingPlace = Readonly<{ relationId: string; date: string; until: string | null }>;

/** A finding's key (a cursor holds one): it sorts by its first day, its check, then its date as given. */
export type FindingKey = Readonly<{ relationId: string; date: string }>;

/** The findings' date order, the stored table's (first_day, check_id, date), with every tie broken. */
const byKey = (a: FindingKey, b: FindingKey) => compareKeys([dayOf(a.date), a.relationId, a.date], [dayOf(b.date), b.relationId, b.date]);

/**
 * The findings `choose` picks by their places in date order (indexes into the list it is given:
 * with `after`, the places after that key only), whole, in date order, and how many there are in all. From the read model: the places are read
 * from the date index, and only the chosen findings' evidence. Evaluated afresh (see `kept`):
 * checks are evaluated once to place every finding, keeping whole those `keep` names by their rank
 * in their check (a finding n-th in its check is at least n-th in all), and again only where a
 * chosen finding was not kept.
 */
export function findingsWindowAsOf(
  db: Database.Database,
  fresh: FreshChecks,
  q: ChecksQuery & { after?: FindingKey },
  choose: (places: readonly FindingPlace[]) => Iterable<number>,
  keep: (finding: Finding, rank: number, ofRelation: number) => boolean = () => false,
): { total: number; findings: Finding[] } {
  if (!kept(db, q)) return evaluatedWindow(fresh, q, choose, keep);
  const rows = reads(db).places.all(q.date);
  const from = q.after ? rows.filter(([, relationId, date]) => byKey({ relationId, date }, q.after!) > 0) : rows;
  const places = from.map(([, relationId, date, until, untilDay]): FindingPlace => ({ relationId, date, until: untilDay !== null && untilDay > q.date ? null : until }));
  const ids = [...choose(places)].flatMap((i) => (from[i] ? [from[i][0]] : []));
  const read = findingReader(db, q.date);
  const chosen = ids.length === 0 ? [] : reads(db).byIds.all(JSON.stringify(ids)).map(([data, untilDay]) => read(data, untilDay));
  return { total: rows.length, findings: chosen.sort(byKey) };
}

function evaluatedWindow(
  fresh: FreshChecks,
  q: ChecksQuery & { after?: FindingKey },
  choose: (places: readonly FindingPlace[]) => Iterable<number>,
  keep: (finding: Finding, rank: number, ofRelation: number) => boolean,
): { total: number; findings: Finding[] } {
  // A check's findings begin on different dates, so a check and a date name one finding.
  const keyOf = (check: number, date: string) => `${check} ${date}`;
  const places: (FindingPlace & { check: number })[] = [];
  const kept = new Map<string, Finding>();
  for (const { findings, check } of fresh(q)) {
    findings.forEach((f, rank) => {
      places.push({ relationId: f.relationId, date: f.date, until: f.until, check });
      if (keep(f, rank, findings.length)) kept.set(keyOf(check, f.date), f);
    });
  }
  // Date order, with the key's last tie broken, so that a window after a key is exactly what follows it.
  places.sort(byKey);
  const from = q.after ? places.filter((p) => byKey(p, q.after!) > 0) : places;
  const chosen: Finding[] = [];
  const missing = new Map<number, Set<string>>();
  for (const i of choose(from)) {
    const place = from[i];
    if (!place) continue;
    const found = kept.get(keyOf(place.check, place.date));
    if (found) chosen.push(found);
    else missing.set(place.check, (missing.get(place.check) ?? new Set()).add(place.date));
  }
  if (missing.size > 0) {
    for (const { findings, check } of fresh(q, (c) => missing.has(c))) {
      chosen.push(...findings.filter((f) => missing.get(check)!.has(f.date)));
    }
  }
  return { total: places.length, findings: chosen.sort(byKey) };
}

/** The findings that still hold on `date`, by metric, from the read model; undefined where it does not keep the answer. */
export function openFindingsOn(db: Database.Database, q: ChecksQuery): Map<string, Finding[]> | undefined {
  if (!kept(db, q)) return undefined;
  const read = findingReader(db, q.date);
  return openFindingsByMetric(reads(db).open.all(q.date, q.date).map(([data]) => ({ ...read(data, null), until: null })));
}

/** The findings that still hold on the query date, by metric: what /figures marks beside a row. */
export function openFindingsByMetric(findings: readonly Finding[]): Map<string, Finding[]> {
  const byMetric = new Map<string, Finding[]>();
  for (const f of findings.filter((x) => x.until === null)) {
    for (const metric of new Set(f.figures.map((x) => x.metric))) {
      byMetric.set(metric, [...(byMetric.get(metric) ?? []), f]);
    }
  }
  return byMetric;
}

const reads = preparedFor((db) => ({
  state: db.prepare<[], { changed_at: number; latest_published_day: string; stale: number }>(
    'SELECT changed_at, latest_published_day, EXISTS (SELECT 1 FROM stale_checks) AS stale FROM findings_state WHERE id = 1',
  ),
  checks: db.prepare<[], { id: string; series: number; topic: string }>('SELECT id, series, topic FROM checks ORDER BY series, topic, id'),
  // Rows as arrays: a deep page reads every place before it, and arrays are the least to build.
  inDateOrder: db
    .prepare<[string]>('SELECT data, until_day FROM findings WHERE first_day <= ? ORDER BY first_day, check_id, date')
    .raw() as unknown as Database.Statement<[string], [string, string | null]>,
  ofCheck: db
    .prepare<[number, string, string, string]>(
      'SELECT data, until_day FROM findings WHERE series = ? AND topic = ? AND check_id = ? AND first_day <= ? ORDER BY first_day, date',
    )
    .raw() as unknown as Database.Statement<[number, string, string, string], [string, string | null]>,
  chunk: db
    .prepare<[number, string, string, string, string, string, number]>(
      `SELECT series, topic, check_id, first_day, date, data, until_day FROM findings
       WHERE (series, topic, check_id, first_day, date) > (?, ?, ?, ?, ?) AND first_day <= ?
       ORDER BY series, topic, check_id, first_day, date LIMIT ?`,
    )
    .raw() as unknown as Database.Statement<
    [number, string, string, string, string, string, number],
    [number, string, string, string, string, string, string | null]
  >,
  places: db
    .prepare<[string]>('SELECT rowid, check_id, date, until, until_day FROM findings WHERE first_day <= ? ORDER BY first_day, check_id, date')
    .raw() as unknown as Database.Statement<[string], [number, string, string, string | null, string | null]>,
  byIds: db
    .prepare<[string]>('SELECT f.data, f.until_day FROM json_each(?) j JOIN findings f ON f.rowid = j.value')
    .raw() as unknown as Database.Statement<[string], [string, string | null]>,
  dateChunk: db
    .prepare<[string, string, string, string, number]>(
      `SELECT first_day, check_id, date, data, until_day FROM findings
       WHERE (first_day, check_id, date) > (?, ?, ?) AND first_day <= ? ORDER BY first_day, check_id, date LIMIT ?`,
    )
    .raw() as unknown as Database.Statement<[string, string, string, string, number], [string, string, string, string, string | null]>,
  count: db.prepare<[string, string], { total: number; holding: number }>(
    `SELECT count(*) AS total, count(*) FILTER (WHERE until_day IS NULL OR until_day > ?) AS holding FROM findings WHERE first_day <= ?`,
  ),
  evidence: db.prepare<[string]>('SELECT data FROM evidence WHERE key = ?').raw() as unknown as Database.Statement<[string], [string]>,
  open: db
    .prepare<[string, string]>('SELECT data FROM findings WHERE first_day <= ? AND (until_day IS NULL OR until_day > ?) ORDER BY first_day, check_id, date')
    .raw() as unknown as Database.Statement<[string, string], [string]>,
}));
