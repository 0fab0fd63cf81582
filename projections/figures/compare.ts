import type Database from 'better-sqlite3';
import { figuresAsOf, type FigureRecord, type FiguresIndex } from './figures.js';

export type CompareQuery = Readonly<{
  /** Valid time of the old figures (YYYY-MM-DD). */
  from: string;
  /** Valid time of the new figures (YYYY-MM-DD). */
  to: string;
  known?: string;
  at?: number;
  topic?: string;
}>;

/**
 * - changed: both dates have a figure and its value, qualifier or bounds differ;
 * - appeared: a figure on `to` only; dropped: a figure on `from` only (possible when `to` is the
 *   earlier date, or when `known`/`at` hide a later statement).
 */
export type ChangeKind = 'changed' | 'appeared' | 'dropped';

export type MetricChange = Readonly<{
  metric: string;
  label: string;
  topic: string;
  kind: ChangeKind;
  old: FigureRecord | null;
  new: FigureRecord | null;
  /** new − old best values; null unless both exist. */
  absolute: number | null;
  /** absolute / old; null unless both exist and old is not 0. */
  relative: number | null;
  /** True when either figure is worded loosely ("approximately", "over"): the change is only indicative. */
  approximate: boolean;
}>;

export type Comparison = Readonly<{ from: string; to: string; changes: MetricChange[]; unchanged: number }>;

/**
 * The official figures on two dates side by side: two as-of queries on the figures index,
 * under the same publication and archive times, never a replay. A figure restated with the
 * same value in a later statement is not a change.
 */
export function compareDates(db: Database.Database, q: CompareQuery, index?: FiguresIndex): Comparison {
  const times = { known: q.known, at: q.at, topic: q.topic };
  const before = new Map(figuresAsOf(db, { ...times, date: q.from }, index).map((f) => [f.metric, f]));
  const after = new Map(figuresAsOf(db, { ...times, date: q.to }, index).map((f) => [f.metric, f]));
  const metrics = [...new Set([...before.keys(), ...after.keys()])];
  const changes: MetricChange[] = [];
  let unchanged = 0;
  for (const metric of metrics) {
    const change = changeOf(before.get(metric), after.get(metric));
    if (change) changes.push(change);
    else unchanged += 1;
  }
  changes.sort((a, b) => a.topic.localeCompare(b.topic) || a.metric.localeCompare(b.metric));
  return { from: q.from, to: q.to, changes, unchanged };
}

function changeOf(old: FigureRecord | undefined, now: FigureRecord | undefined): MetricChange | undefined {
  const some = (now ?? old)!;
  const base = { metric: some.metric, label: some.label, topic: some.topic, old: old ?? null, new: now ?? null };
  if (!old) return { ...base, kind: 'appeared', absolute: null, relative: null, approximate: now!.qualifier !== 'exact' };
  if (!now) return { ...base, kind: 'dropped', absolute: null, relative: null, approximate: old.qualifier !== 'exact' };
  if (sameFigure(old, now)) return undefined;
  const absolute = now.value - old.value;
  return {
    ...base,
    kind: 'changed',
    absolute,
    relative: old.value === 0 ? null : absolute / old.value,
    approximate: old.qualifier !== 'exact' || now.qualifier !== 'exact',
  };
}

const sameFigure = (a: FigureRecord, b: FigureRecord) =>
  a.value === b.value && a.qualifier === b.qualifier && a.bounds.lower === b.bounds.lower && a.bounds.upper === b.bounds.upper;
