import type { SearchHit } from '../../../projections/search/query.js';
import { formatPartialDate } from '../../format/dates.js';
import { endonym, type InterfaceLanguage } from '../../i18n/languages.js';
import { link } from './links.js';

/** Where a result leads: its statement, or the metric; a figure also names its metric. */
export function hitLinks(hit: SearchHit, linkAt: number | undefined) {
  const metricHref = hit.metric ? link(`/metrics/${hit.metric}`, { at: linkAt }) : undefined;
  return {
    href: hit.kind === 'metric' ? metricHref! : link(`/statements/${hit.ref}`, { at: linkAt }),
    metricHref: hit.kind === 'figure' ? metricHref : undefined,
  };
}

/** One result as the page shows it: its matches as segments the template marks, escaped as all text is. */
export function hitView(hit: SearchHit, linkAt: number | undefined, language: InterfaceLanguage) {
  return {
    ...hit,
    ...hitLinks(hit, linkAt),
    // The text's language, named in itself (as the language switcher names them).
    langName: endonym[hit.lang],
    dayText: hit.day ? formatPartialDate(hit.day, language) : undefined,
    // A metric's or statement's own title is the link; a figure's wording or a source's title is shown beside it.
    titleIsLabel: hit.kind === 'statement' || hit.kind === 'metric',
    // The label beside a figure or a source is its statement's title, in English unless written in Cyrillic.
    labelLang: /[\u0400-\u04ff]/.test(hit.label) ? hit.lang : 'en',
    hasSnippet: hit.snippet.length > 0,
  };
}
