import { z } from 'zod';
import { partialDate } from './dates.js';
import { figureInput, impliedBounds, inferred, type Figure } from './figure.js';

export const slug = z
  .string()
  .max(120)
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be lower-case words joined by hyphens, such as "hearing-2023-01-05"');

export const statementKinds = [
  'hearing',
  'address',
  'law',
  'signing',
  'court-decision',
  'announcement',
  'list-publication',
  'report',
  'trial',
  'occurrence',
] as const;
export type StatementKind = (typeof statementKinds)[number];

const text = (max: number) => z.string().trim().min(1).max(max);

export const httpUrl = z
  .string()
  .max(2000)
  .refine((v) => URL.canParse(v) && ['http:', 'https:'].includes(new URL(v).protocol), {
    message: 'must be an http(s) URL',
  });

export const languages = ['en', 'ru', 'kk'] as const;
export type Language = (typeof languages)[number];
export const language = z.enum(languages);

/**
 * primary: the official's own publication or transcript (a ministry's release, the parliament's
 * record); secondary: a report of it (a news agency, a newspaper).
 */
export const sourceKinds = ['primary', 'secondary'] as const;

export const sourceInput = z.strictObject({
  title: text(500),
  /** The outlet or publisher. */
  publisher: text(200).optional(),
  url: httpUrl.optional(),
  date: partialDate.optional(),
  language: language.optional(),
  kind: z.enum(sourceKinds).optional(),
});

export const speakerInput = z.strictObject({
  name: text(200).optional(),
  role: text(300).optional(),
  body: text(300),
});

// No defaults here: a correction's partial() must not invent fields the editor left out.
const statementFields = {
  publishedOn: partialDate,
  /**
   * true: the source gives no date, and the document's date stands in for it;
   * "year": the source gives the day and month, and the archive inferred the year.
   */
  publishedOnInferred: inferred.optional(),
  /** What the statement describes when it is a span of days rather than one (the unrest of 4–7 January). */
  period: z.strictObject({ start: partialDate, end: partialDate }).optional(),
  speaker: speakerInput,
  /** The source names no speaker for this, and the archive credits the one it most likely was. */
  speakerInferred: z.boolean().optional(),
  venue: text(300).optional(),
  kind: z.enum(statementKinds),
  title: text(300),
  summary: text(5000),
  quote: text(5000).optional(),
  figures: z.array(figureInput).max(200),
  topics: z.array(slug).max(20),
  sources: z.array(sourceInput).min(1).max(20),
};

export const statementPublishedData = z
  .strictObject({
    id: slug,
    ...statementFields,
    figures: statementFields.figures.default([]),
    topics: statementFields.topics.default([]),
  })
  .superRefine((s, ctx) => {
    if (s.period && s.period.start > s.period.end) {
      ctx.addIssue({ code: 'custom', path: ['period', 'end'], message: 'must not be before period.start' });
    }
  });

export const statementCorrectedData = z.strictObject({
  statementId: slug,
  reason: text(2000),
  changes: z
    .strictObject(statementFields)
    .partial()
    .refine((c) => Object.keys(c).length > 0, { message: 'must change at least one field' }),
});

export const statementRetractedData = z.strictObject({
  statementId: slug,
  reason: text(2000),
});

export type StatementPublishedInput = z.input<typeof statementPublishedData>;

/** A statement as published: every figure carries its asOf and bounds explicitly. */
export type Statement = Readonly<
  Omit<z.output<typeof statementPublishedData>, 'figures'> & { figures: readonly Figure[] }
>;
/** A correction's new values; its figures may leave asOf and bounds implicit, as at publication. */
export type StatementChanges = Readonly<z.output<typeof statementCorrectedData>['changes']>;

/** Fills what a figure leaves implicit: its asOf is the statement's date, its bounds its qualifier's. */
export function completeFigures(
  figures: readonly z.output<typeof figureInput>[],
  publishedOn: string,
): Figure[] {
  return figures.map((f) => ({
    metric: f.metric,
    value: f.value,
    qualifier: f.qualifier,
    unit: f.unit,
    asOf: f.asOf ?? publishedOn,
    asOfInferred: f.asOfInferred,
    wording: f.wording,
    ...(f.wordingKind && { wordingKind: f.wordingKind }),
    ...(f.language && { language: f.language }),
    ...(f.languageInferred && { languageInferred: true }),
    bounds: f.bounds ?? impliedBounds(f.value, f.qualifier),
  }));
}
