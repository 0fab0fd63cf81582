/**
 * The as-of rule, once: which figure of a metric is "the figure as of a date", under the three
 * times of DESIGN.md. The SQL queries (figures.ts) and the in-memory index (as-of-index.ts) both
 * take it from here, and a property test holds their answers equal on generated archives.
 *
 * A figure is a candidate when it describes the date or an earlier day (valid time), its statement
 * was published by `known` (publication time), and its version was in force at `at` (archive
 * time: recorded by then, and not yet replaced). Of the candidates, the newest wins: the latest day
 * described; on one day, a date the source gives before one the archive inferred (a whole date
 * inferred before a year alone); then the later-published statement; then the later log position;
 * then the later figure of the statement.
 */

/** An inferred date as a column: 0 read from the source, 1 the whole date inferred, 2 only its year. */
export type InferredCode = 0 | 1 | 2;

/** A figure's id is its version's log position × 256 + its index: one version's figures are one id range. */
export const figuresPerVersion = 256;
export const firstIdOf = (position: number | bigint) => BigInt(position) * BigInt(figuresPerVersion);
export const positionOfId = (id: number) => Math.floor(id / figuresPerVersion);

/** The candidates, in SQL over a figures row aliased `g`, with the query's @date, @known and @at. */
export const candidateSql = `g.as_of_day <= @date AND g.published_on_day <= @known AND g.from_position <= @at
  AND (g.until_position IS NULL OR g.until_position > @at)`;
/** In force at @at and published by @known, whatever day it describes (a history, a day's figures). */
export const visibleSql = `g.published_on_day <= @known AND g.from_position <= @at
  AND (g.until_position IS NULL OR g.until_position > @at)`;
/** The preference, newest first: the first row is the figure as of the date. */
export const newestFirstSql = 'g.as_of_day DESC, g.as_of_inferred ASC, g.published_on_day DESC, g.from_position DESC, g.ord DESC';
/** The same order, oldest first: a metric's history ends with the figure the rule prefers. */
export const oldestFirstSql = 'g.as_of_day ASC, g.as_of_inferred DESC, g.published_on_day ASC, g.from_position ASC, g.ord ASC';

/**
 * Within one described day the preference of a source's date is one sort key with the day:
 * day × 4 + rank, rank 3 for a date from the source, 2 for an inferred date, 1 for an inferred year.
 * A query date is the end of its day: date × 4 + 3, so "describes the date or earlier" is key ≤ that.
 */
const daySlots = 4;
export const asOfKey = (day: number, inferred: number) => day * daySlots + daySlots - 1 - inferred;
export const queryDateKey = (day: number) => day * daySlots + daySlots - 1;
/** asOfKey in SQL, over a row's as_of_day and as_of_inferred. */
export const asOfKeySql = `CAST(replace(as_of_day, '-', '') AS INTEGER) * ${daySlots} + ${daySlots - 1} - as_of_inferred`;

/** "YYYY-MM-DD" as an integer that sorts the same way (20230105), or undefined for anything else. */
export function dayNumber(day: string): number | undefined {
  if (day.length !== 10 || day[4] !== '-' || day[7] !== '-') return undefined;
  let n = 0;
  for (let i = 0; i < 10; i++) {
    if (i === 4 || i === 7) continue;
    const d = day.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return undefined;
    n = n * 10 + d;
  }
  return n;
}

/** A figure as the index holds it: its asOfKey, its publication day as a number, its id, and the position it was replaced at (Infinity: never). */
export type RankedFigure = { asOf: number; published: number; id: number; until: number };
/** A query as the index takes it: queryDateKey of the date, the `known` day as a number, and `at`. */
export type IndexQuery = Readonly<{ date: number; known: number; at: number }>;

/** The preference as a comparison, oldest first (the id orders position, then the figure within it). */
export const compareRanked = (a: RankedFigure, b: RankedFigure) => a.asOf - b.asOf || a.published - b.published || a.id - b.id;

/** visibleSql, for a figure of the index. */
export const visibleTo = (published: number, id: number, until: number, q: IndexQuery) =>
  published <= q.known && positionOfId(id) <= Math.floor(q.at) && until > q.at;
