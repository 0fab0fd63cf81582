import type { Statement } from '../../../events/schema/statement.js';
import type { StatementVersion } from '../../../projections/statements/statements.js';
import { formatPartialDate } from '../../format/dates.js';
import { figureView, inferredDateNote } from './figure-view.js';
import { formatPeriod, speakerName } from './labels.js';
import { link, safeHref } from './links.js';
import { english, type Localized } from './localized.js';

/**
 * A statement as the pages show it, in the page's language (`l`, from localizedTexts); `at` is
 * set when the page is pinned to a log position. The archive's own words (title, summary, body,
 * topics) come translated where a translation is in force, each with `…Lang` set where it is
 * still English; the officials' words (quote, wordings) and the speaker as the sources name them
 * are data in English, marked so by the templates.
 */
export function statementView(v: StatementVersion, metricLabels: ReadonlyMap<string, string>, at?: number, l: Localized = english) {
  const s = v.statement;
  const title = l.statementTitle(s.id, s.title);
  const summary = l.statementSummary(s.id, s.summary);
  const body = l.bodyName(s.speaker.body);
  return {
    id: s.id,
    href: link(`/statements/${s.id}`, { at }),
    title: title.text,
    titleLang: title.lang,
    // Title and summary are the archive's words: a translation of them is labelled as the archive's.
    translatedByArchive: title.translated || summary.translated,
    date: formatPartialDate(s.publishedOn, l.lang),
    dateIso: s.publishedOn,
    dateInferred: inferredDateNote(s.publishedOnInferred, l),
    speakerInferred: s.speakerInferred === true,
    period: s.period && formatPeriod(s.period, l.lang),
    speakerName: speakerName(s.speaker),
    body: body.text,
    bodyLang: body.lang,
    venue: s.venue,
    kind: l.kindName(s.kind),
    summary: summary.text,
    summaryLang: summary.lang,
    quote: s.quote,
    figures: s.figures.map((f) => figureView(f, metricLabels.get(f.metric), at, l)),
    topics: s.topics.map((t) => {
      const name = l.topicName(t);
      return { slug: t, label: name.text, labelLang: name.lang, href: link('/', { topic: t, at }) };
    }),
    sources: s.sources.map((src) => sourceView(src, l)),
    retracted: v.status === 'retracted',
    revision: v.revision,
    position: v.position,
  };
}

type Source = Statement['sources'][number];

/**
 * A source as a list shows it. Its title is the publisher's, in the source's own language
 * (`language`, English when the source does not say): the template marks it with that.
 */
export function sourceView(src: Source, l: Localized = english) {
  return {
    title: src.title,
    // A title in Latin letters is English: the publisher's own (an English-language outlet) or the archive's
    // description of a report whose headline it has not seen ("[headline not seen; …]").
    titleLang: /[\u0400-\u04ff]/.test(src.title) ? (src.language ?? 'ru') : 'en',
    publisher: src.publisher,
    // A publisher's name is written as it writes it: in Cyrillic, the source's language; else in Latin letters.
    publisherLang: src.publisher && (/[\u0400-\u04ff]/.test(src.publisher) ? (src.language ?? 'ru') : 'en'),
    date: src.date && formatPartialDate(src.date, l.lang),
    language: src.language,
    inLanguage: src.language && l.t('common:source.inLanguage', { language: src.language }),
    kind: src.kind && l.t(`common:source.kind.${src.kind}`),
    href: safeHref(src.url),
    // A URL that is not http(s) is shown as text, never as a link.
    text: safeHref(src.url) ? undefined : src.url,
  };
}

/** The first source of a statement, for a table row that names where a figure comes from; `more` counts the rest. */
export function firstSourceView(sources: readonly Source[] | undefined, l: Localized = english) {
  const [first, ...rest] = sources ?? [];
  return first && { ...sourceView(first, l), more: rest.length, moreText: rest.length ? l.t('common:source.more', { count: rest.length }) : undefined };
}

export type StatementView = ReturnType<typeof statementView>;
