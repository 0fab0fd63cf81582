import { z } from 'zod';
import { partialDate } from './dates.js';

export const qualifiers = ['exact', 'approximately', 'over', 'under', 'almost', 'up_to'] as const;
export type Qualifier = (typeof qualifiers)[number];

export const units = ['persons', 'cases', 'groups', 'buildings', 'facilities', 'cities', 'KZT', 'USD'] as const;
export type Unit = (typeof units)[number];

export const wordingKinds = ['quote', 'paraphrase'] as const;

/** The interval a worded figure allows; null is unbounded on that side. */
export type Bounds = Readonly<{ lower: number | null; upper: number | null }>;

/** An inferred date: true for the whole date, "year" where only the year is the archive's inference. */
export const inferred = z.union([z.boolean(), z.literal('year')]);
export type Inferred = z.output<typeof inferred>;

export const figureInput = z.strictObject({
  metric: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be a metric id such as "police-cases"'),
  value: z.number().finite().nonnegative(),
  qualifier: z.enum(qualifiers).default('exact'),
  unit: z.enum(units),
  asOf: partialDate.optional(),
  asOfInferred: inferred.default(false),
  wording: z.string().trim().min(1).max(2000),
  /**
   * quote: the official's own words, as a text the archive holds gives them (the seed document);
   * paraphrase: the archive's own short wording of a figure known from a report of it.
   */
  wordingKind: z.enum(wordingKinds).optional(),
  /** The language the official gave the figure in (for a quote, the quoted text's language). */
  language: z.enum(['en', 'ru', 'kk']).optional(),
  /** No report says which language the official spoke: `language` is the archive's judgement. */
  languageInferred: z.boolean().optional(),
  bounds: z
    .strictObject({ lower: z.number().finite().nullable(), upper: z.number().finite().nullable() })
    .optional(),
});

export type WordingKind = (typeof wordingKinds)[number];

export type FigureInput = z.input<typeof figureInput>;

/** A figure as stored: asOf and bounds are always explicit once published. */
export type Figure = Readonly<{
  metric: string;
  value: number;
  qualifier: Qualifier;
  unit: Unit;
  asOf: string;
  asOfInferred: Inferred;
  wording: string;
  wordingKind?: WordingKind;
  language?: 'en' | 'ru' | 'kk';
  languageInferred?: boolean;
  bounds: Bounds;
}>;

/**
 * The step a round figure was rounded to: 1,700 → 100, 37.5e9 → 1e8.
 * "approximately" and "almost" are read against it.
 */
export function roundingStep(value: number): number {
  if (!Number.isInteger(value) || value === 0) return 1;
  let step = 1;
  while (value % (step * 10) === 0) step *= 10;
  return step;
}

/** The interval a qualifier implies; documented in the README under "Values". */
export function impliedBounds(value: number, qualifier: Qualifier): Bounds {
  const step = roundingStep(value);
  switch (qualifier) {
    case 'exact':
      return { lower: value, upper: value };
    case 'approximately':
      return { lower: value - step / 2, upper: value + step / 2 };
    case 'over':
      return { lower: value, upper: null };
    case 'under':
    case 'up_to':
      return { lower: 0, upper: value };
    case 'almost':
      return { lower: value - step / 2, upper: value };
    default: {
      const exhaustive: never = qualifier;
      return exhaustive;
    }
  }
}
