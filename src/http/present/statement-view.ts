import type { Statement } from '../../../events/schema/statement.js';
import type { StatementVersion } from '../../../projections/statements/statements.js';
import { formatPartialDate } from '../../format/dates.js';
import { figureView, inferredDateNote, languageNames } from './figure-view.js';

const sourceKindLabels = { primary: 'primary source: the official’s own publication', secondary: 'secondary source: a report of it' } as const;
import { formatPeriod, humanize, speakerName } from './labels.js';
import { link, safeHref } from './links.js';

/** A statement as the pages show it; `at` is set when the page is pinned to a log position. */
export function statementView(v: StatementVersion, metricLabels: ReadonlyMap<string, string>, at?: number) {
  const s = v.statement;
  return {
    id: s.id,
    href: link(`/statements/${s.id}`, { at }),
    title: s.title,
    date: formatPartialDate(s.publishedOn),
    dateIso: s.publishedOn,
    dateInferred: inferredDateNote(s.publishedOnInferred),
    speakerInferred: s.speakerInferred === true,
    period: s.period && formatPeriod(s.period),
    speakerName: speakerName(s.speaker),
    body: s.speaker.body,
    venue: s.venue,
    kind: humanize(s.kind),
    summary: s.summary,
    quote: s.quote,
    figures: s.figures.map((f) => figureView(f, metricLabels.get(f.metric), at)),
    topics: s.topics.map((t) => ({ slug: t, label: humanize(t), href: link('/', { topic: t, at }) })),
    sources: s.sources.map(sourceView),
    retracted: v.status === 'retracted',
    revision: v.revision,
    position: v.position,
  };
}

type Source = Statement['sources'][number];

export function sourceView(src: Source) {
  return {
    title: src.title,
    publisher: src.publisher,
    date: src.date && formatPartialDate(src.date),
    language: src.language,
    languageName: src.language && languageNames[src.language],
    kind: src.kind && sourceKindLabels[src.kind],
    href: safeHref(src.url),
    // A URL that is not http(s) is shown as text, never as a link.
    text: safeHref(src.url) ? undefined : src.url,
  };
}

/** The first source of a statement, for a table row that names where a figure comes from; `more` counts the rest. */
export function firstSourceView(sources: readonly Source[] | undefined) {
  const [first, ...rest] = sources ?? [];
  return first && { ...sourceView(first), more: rest.length };
}

export type StatementView = ReturnType<typeof statementView>;
