import type { Figure, Inferred } from '../../../events/schema/figure.js';
import type { Language } from '../../../events/schema/statement.js';
import type { FigureRecord } from '../../../projections/figures/figures.js';
import { formatPartialDate } from '../../format/dates.js';
import { formatAmount, formatFigureValue } from '../../format/numbers.js';
import { link } from './links.js';

/** What a reader needs of one figure, already worded: the templates only place strings. */
export function figureView(f: Figure | FigureRecord, label: string | undefined, at?: number) {
  return {
    metric: f.metric,
    label: label ?? f.metric,
    metricHref: link(`/metrics/${f.metric}`, { at }),
    value: formatFigureValue(f),
    qualified: f.qualifier !== 'exact',
    bounds: boundsText(f),
    ...wordingView(f),
    asOf: formatPartialDate(f.asOf),
    asOfIso: f.asOf,
    asOfInferred: inferredDateNote(f.asOfInferred),
  };
}

/** For the wording partial: a quote in its own language, or the archive's paraphrase and the language it was said in. */
export function wordingView(f: Pick<Figure, 'wording' | 'wordingKind' | 'language' | 'languageInferred'>) {
  return {
    wording: f.wording,
    // Older events say nothing of their wording's kind: they are the seed's quotes.
    paraphrase: f.wordingKind === 'paraphrase',
    wordingLang: f.wordingKind === 'paraphrase' ? 'en' : f.language,
    spokenIn: f.language && `${languageNames[f.language]}${f.languageInferred ? ', as the archive judges' : ''}`,
  };
}

export const languageNames: Readonly<Record<Language, string>> = { en: 'English', ru: 'Russian', kk: 'Kazakh' };

/** What the archive inferred of a date, said beside it; undefined where the source gave it whole. */
export function inferredDateNote(inferred: Inferred | undefined): string | undefined {
  if (inferred === 'year') return 'the source gives the day and month; the year is inferred';
  return inferred ? 'undated in the source; the document’s date' : undefined;
}

/** "between 1,650 and 1,750", "at least 1,000": how the archive reads the qualifier (see /about). */
export function boundsText(f: Pick<Figure, 'qualifier' | 'unit' | 'bounds'>): string | undefined {
  if (f.qualifier === 'exact') return undefined;
  const { lower, upper } = f.bounds;
  const amount = (v: number) => formatAmount(v, f.unit);
  if (lower !== null && upper !== null) return lower === 0 ? `at most ${amount(upper)}` : `between ${amount(lower)} and ${amount(upper)}`;
  if (lower !== null) return `at least ${amount(lower)}`;
  if (upper !== null) return `at most ${amount(upper)}`;
  return undefined;
}

/** The change since the figure before: a difference only when both are exact, else what it was. */
export function changeText(current: FigureRecord, previous: FigureRecord | undefined): string | undefined {
  if (!previous) return undefined;
  const when = formatPartialDate(previous.asOf);
  const was = formatFigureValue(previous);
  if (current.qualifier !== 'exact' || previous.qualifier !== 'exact') return `was ${was} (${when})`;
  const diff = current.value - previous.value;
  if (diff === 0) return `unchanged since ${when}`;
  return `${diff > 0 ? 'up' : 'down'} ${formatAmount(Math.abs(diff), current.unit)} from ${was} (${when})`;
}
