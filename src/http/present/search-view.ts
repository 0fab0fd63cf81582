import type { Language } from '../../../events/schema/statement.js';
import type { SearchHit } from '../../../projections/search/query.js';
import type { SearchKind } from '../../../projections/search/documents.js';
import { formatPartialDate } from '../../format/dates.js';
import { link } from './links.js';

/** What each kind of result is called on the page (its filter and its badge). */
export const searchKindNames: Readonly<Record<SearchKind, string>> = {
  statement: 'Statement',
  figure: 'Figure',
  source: 'Source',
  metric: 'Metric',
};

/** The languages a text may be in, each named in its own language: a reader looks for their own. */
export const languageNames: Readonly<Record<Language, string>> = { en: 'English', ru: 'Русский', kk: 'Қазақша' };

/** Where a result leads: its statement, or the metric; a figure also names its metric. */
export function hitLinks(hit: SearchHit, linkAt: number | undefined) {
  const metricHref = hit.metric ? link(`/metrics/${hit.metric}`, { at: linkAt }) : undefined;
  return {
    href: hit.kind === 'metric' ? metricHref! : link(`/statements/${hit.ref}`, { at: linkAt }),
    metricHref: hit.kind === 'figure' ? metricHref : undefined,
  };
}

/** One result as the page shows it: its matches as segments the template marks, escaped as all text is. */
export function hitView(hit: SearchHit, linkAt: number | undefined) {
  return {
    ...hit,
    ...hitLinks(hit, linkAt),
    kindName: searchKindNames[hit.kind],
    langName: languageNames[hit.lang],
    dayText: hit.day ? formatPartialDate(hit.day) : undefined,
    // A metric's or statement's own title is the link; a figure's wording or a source's title is shown beside it.
    titleIsLabel: hit.kind === 'statement' || hit.kind === 'metric',
    hasSnippet: hit.snippet.length > 0,
  };
}
