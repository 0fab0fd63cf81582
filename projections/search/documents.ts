import type { MetricDefinition } from '../../events/schema/catalogue.js';
import { firstDay } from '../../events/schema/dates.js';
import type { Figure } from '../../events/schema/figure.js';
import type { Language, Statement } from '../../events/schema/statement.js';

/** What a search result is: a statement, one of its figures or sources, or a metric of the catalogue. */
export const searchKinds = ['statement', 'figure', 'source', 'metric'] as const;
export type SearchKind = (typeof searchKinds)[number];

/**
 * One indexed text and what a result needs to be shown and filtered without another table:
 * `ref` is the statement or metric it links to, `label` the name of that (in the text's
 * language where the archive has one), `title` and `body` the two indexed columns.
 */
export type SearchDocument = Readonly<{
  kind: SearchKind;
  ref: string;
  metric: string | null;
  lang: Language;
  day: string | null;
  topics: readonly string[];
  label: string;
  title: string;
  body: string;
}>;

const lines = (...texts: (string | undefined)[]) => texts.filter((t): t is string => Boolean(t)).join('\n');

/** A statement's English texts, each figure's wording and each source, in the language each was given in. */
export function statementDocuments(s: Statement): SearchDocument[] {
  const common = { ref: s.id, day: firstDay(s.publishedOn), topics: s.topics, label: s.title, metric: null };
  return [
    {
      ...common,
      kind: 'statement',
      lang: 'en',
      title: s.title,
      body: lines(s.summary, s.quote, s.speaker.name, s.speaker.role, s.speaker.body, s.venue),
    },
    ...s.figures.map((f): SearchDocument => ({ ...common, kind: 'figure', metric: f.metric, lang: wordingLanguage(f), title: f.wording, body: '' })),
    ...s.sources.map((src): SearchDocument => ({ ...common, kind: 'source', lang: sourceTitleLanguage(src), title: src.title, body: src.publisher ?? '' })),
  ];
}

/**
 * The language a figure's wording is written in: a paraphrase is the archive's own English words
 * (its `language` says what the official spoke); a quote is in the language it was given in.
 */
const wordingLanguage = (f: Figure): Language => (f.wordingKind === 'paraphrase' ? 'en' : (f.language ?? 'en'));

/** A subject's translated texts by field; `body` is the name of a statement's speaking body. */
export type TranslatedTexts = Readonly<Partial<Record<'title' | 'summary' | 'label' | 'description' | 'body', string>>>;

/** A statement's title and summary, and its speaker's body, in Russian or Kazakh, where the archive has them. */
export function translatedStatementDocument(s: SubjectCopy, lang: Language, t: TranslatedTexts): SearchDocument | undefined {
  if (!t.title && !t.summary && !t.body) return undefined;
  return { kind: 'statement', ref: s.id, metric: null, lang, day: s.day, topics: s.topics, label: t.title ?? s.label, title: t.title ?? '', body: lines(t.summary, t.body) };
}

export function metricDocument(m: MetricDefinition): SearchDocument {
  return { kind: 'metric', ref: m.id, metric: m.id, lang: 'en', day: null, topics: [m.topic], label: m.label, title: m.label, body: m.description };
}

export function translatedMetricDocument(m: SubjectCopy, lang: Language, t: TranslatedTexts): SearchDocument | undefined {
  if (!t.label && !t.description) return undefined;
  return { kind: 'metric', ref: m.id, metric: m.id, lang, day: null, topics: m.topics, label: t.label ?? m.label, title: t.label ?? '', body: t.description ?? '' };
}

/** The search projection's own copy of what a translated document needs from its English subject. */
export type SubjectCopy = Readonly<{ id: string; label: string; day: string | null; topics: readonly string[] }>;

/**
 * A source's title is in the source's language when written in Cyrillic; a title in Latin letters is
 * English (an English-language outlet's, or the archive's "[headline not seen; …]" description).
 */
function sourceTitleLanguage(src: { title: string; language?: Language }): Language {
  return /[\u0400-\u04ff]/.test(src.title) ? (src.language ?? 'ru') : 'en';
}
