import type { Relation } from '../../events/schema/catalogue.js';
import type { FigureRecord } from '../figures/figures.js';
import type { Interval } from './intervals.js';

/** What a check needs of a figure: a FigureRecord has all of it. */
export type CheckedFigure = Pick<
  FigureRecord,
  'metric' | 'value' | 'qualifier' | 'unit' | 'bounds' | 'asOf' | 'wording' | 'statementId' | 'publishedOn' | 'position'
> & { label?: string };

/** The part a figure plays in a finding: a relation's whole or part, or a running total's earlier or later value. */
export type FigureRole = 'whole' | 'part' | 'earlier' | 'later';

export type FindingFigure = CheckedFigure & Readonly<{ role: FigureRole }>;

/** What one relation says at one date, when the figures in force contradict it. */
export type Outcome = Readonly<{
  figures: readonly FindingFigure[];
  /** Metrics of the relation with no figure yet at that date: counted as "0 or more". */
  missing: readonly string[];
  /** The interval the relation requires of `actual`. */
  expected: Interval;
  actual: Interval;
  /** How far `actual` lies from `expected`, in the relation's unit. */
  gap: number;
}>;

/**
 * A contradiction between official figures and a declared relation: the evidence, and the
 * span of valid time over which it held. `date` and `until` are dates as the sources gave
 * them (a month stays a month).
 */
export type Finding = Outcome &
  Readonly<{
    relationId: string;
    kind: Relation['kind'];
    phrase: string;
    /** The first date on which it holds. */
    date: string;
    /** The first later date on which it no longer holds; null while it still holds. */
    until: string | null;
  }>;
