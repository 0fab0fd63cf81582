import { z } from 'zod';
import { units } from './figure.js';
import { slug } from './statement.js';

/** The languages the archive translates its own text into. English is the original. */
export const translationLanguages = ['ru', 'kk'] as const;
export type TranslationLanguage = (typeof translationLanguages)[number];

const text = (max: number) => z.string().trim().min(1).max(max);

/**
 * The officials' own words: kept in the language they were given, and never translated in
 * place. Named here so that an attempt is refused with the reason, on the field itself.
 */
const officialWords = (what: string) =>
  z.never({ error: `${what} is the officials' own words: it is kept in the language it was given, never translated` }).optional();

/** At least one text, and only the subject's own: a later translation replaces just the fields it gives. */
const texts = <Shape extends z.ZodRawShape>(shape: Shape) =>
  z.strictObject(shape).refine((t) => Object.values(t).some((v) => v !== undefined), {
    message: 'must translate at least one text',
  });

export const translatedSubjects = ['metric', 'unit', 'topic', 'body', 'relation', 'statement'] as const;
export type TranslatedSubject = (typeof translatedSubjects)[number];

const common = {
  language: z.enum(translationLanguages, { error: 'must be "ru" or "kk": English is the original, never a translation' }),
  /** Who translated: the archive's own translation (an official one would also carry its source). */
  by: z.literal('archive'),
};

/**
 * The archive's own words about each kind of subject, and only those: a metric's label and
 * description, a unit's, topic's or body's name, a relation's phrase where the archive wrote it
 * (the log says which: append-plan.ts refuses a relation that quotes its source), a statement's
 * title and summary. A quote, a figure's wording and a source's title are the officials' or the
 * publishers' words, and have no field here.
 */
export const textTranslatedData = z.discriminatedUnion(
  'subject',
  [
    z.strictObject({
      subject: z.literal('metric'),
      id: slug,
      ...common,
      text: texts({ label: text(200).optional(), description: text(2000).optional() }),
    }),
    z.strictObject({ subject: z.literal('unit'), id: z.enum(units), ...common, text: texts({ name: text(200).optional() }) }),
    z.strictObject({ subject: z.literal('topic'), id: slug, ...common, text: texts({ name: text(200).optional() }) }),
    // A body is named by its English name as statements give it (speaker.body).
    z.strictObject({ subject: z.literal('body'), id: text(300), ...common, text: texts({ name: text(300).optional() }) }),
    z.strictObject({ subject: z.literal('relation'), id: slug, ...common, text: texts({ phrase: text(2000).optional() }) }),
    z.strictObject({
      subject: z.literal('statement'),
      id: slug,
      ...common,
      text: texts({
        title: text(300).optional(),
        summary: text(5000).optional(),
        quote: officialWords('A quote'),
        wording: officialWords('A figure’s wording'),
        figures: officialWords('A figure’s wording'),
      }),
    }),
  ],
  {
    error: `must be one of ${translatedSubjects.join(', ')}: the archive translates its own words only, never a quote or a figure’s wording`,
  },
);

export type TextTranslation = z.output<typeof textTranslatedData>;
/** The texts a translation gives, by field: label, description, name, phrase, title, summary. */
export type TranslatedField = 'label' | 'description' | 'name' | 'phrase' | 'title' | 'summary';
