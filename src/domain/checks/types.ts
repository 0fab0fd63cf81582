import type { Relation } from '../../../events/schema/catalogue.js';
import type { Bounds, Inferred, Qualifier, Unit, WordingKind } from '../../../events/schema/figure.js';
import type { Language } from '../../../events/schema/statement.js';
import type { Interval } from './intervals.js';

/** What a check needs of a figure: the figures read model's FigureRecord has all of it. */
export type CheckedFigure = Readonly<{
  metric: string;
  value: number;
  qualifier: Qualifier;
  unit: Unit;
  bounds: Bounds;
  asOf: string;
  wording: string;
  statementId: string;
  publishedOn: string;
  /** Log position of the statement version the figure belongs to. */
  position: number;
  asOfInferred?: Inferred;
  wordingKind?: WordingKind;
  language?: Language;
  label?: string;
}>;

/**
 * Within one described day, where a figure stands in the order figuresAsOf picks in: a date the
 * archive inferred before one the source gives, so the latter is the one in force (DESIGN.md).
 */
export const inferredRank = (f: Pick<CheckedFigure, 'asOfInferred'>) => (f.asOfInferred === 'year' ? 0 : f.asOfInferred ? 1 : 2);

/**
 * The part a figure plays in a finding: a relation's whole or part; a running total's, or a
 * replaced figure's, earlier or later value; one of several figures given for the same day.
 */
export type FigureRole = 'whole' | 'part' | 'earlier' | 'later' | 'stated';

/**
 * What a finding is about, beyond a relation's own kinds:
 * - replaced: a later-published official figure gives another value for a day an earlier one described;
 * - disagreement: official statements published on the same day give values for the same metric and day that cannot meet.
 */
export type FindingKind = Relation['kind'] | 'replaced' | 'disagreement';

/**
 * The three kinds of finding (DESIGN.md): a contradiction of a relation the source states; a
 * revision, where a later official figure lowers a running total or replaces an earlier one;
 * a disagreement between statements given on the same day.
 */
export type FindingCategory = 'contradiction' | 'revision' | 'disagreement';

export function categoryOf(kind: FindingKind): FindingCategory {
  switch (kind) {
    case 'partition':
    case 'subset':
      return 'contradiction';
    case 'cumulative':
    case 'replaced':
      return 'revision';
    case 'disagreement':
      return 'disagreement';
    default: {
      const exhaustive: never = kind;
      return exhaustive;
    }
  }
}

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
 * A finding: a contradiction between official figures and a declared relation, or a revision or
 * disagreement within one metric's figures: the evidence, and the
 * span of valid time over which it held. `date` and `until` are dates as the sources gave
 * them (a month stays a month).
 */
export type Finding = Outcome &
  Readonly<{
    /** The relation checked; for a metric's own series, `figures-of-<metric>`. */
    relationId: string;
    kind: FindingKind;
    phrase: string;
    /** Whether `phrase` quotes the source's words, or is the archive's own reason (its relations, and every revision or disagreement). */
    declaredBy: 'source' | 'archive';
    /** The first date on which it holds. */
    date: string;
    /** The first later date on which it no longer holds; null while it still holds. */
    until: string | null;
  }>;
