import type { Figure, Inferred } from '../../../events/schema/figure.js';
import type { FigureRecord } from '../../../projections/figures/figures.js';
import { formatPartialDate } from '../../format/dates.js';
import { formatAmount, formatFigureValue, formatRange } from '../../format/numbers.js';
import { link } from './links.js';
import { english, type Localized } from './localized.js';

/**
 * What a reader needs of one figure, already worded in the page's language (`l`, from
 * localizedTexts): the templates only place strings. `labelLang` is set where the metric's label
 * is shown in English on a page in another language.
 */
export function figureView(f: Figure | FigureRecord, label: string | undefined, at?: number, l: Localized = english) {
  const shownLabel = l.metricLabel(f.metric, label ?? f.metric);
  return {
    metric: f.metric,
    label: shownLabel.text,
    labelLang: shownLabel.lang,
    metricHref: link(`/metrics/${f.metric}`, { at }),
    value: formatFigureValue(f, l.lang),
    qualified: f.qualifier !== 'exact',
    bounds: boundsText(f, l),
    ...wordingView(f, l),
    asOf: formatPartialDate(f.asOf, l.lang),
    asOfIso: f.asOf,
    asOfInferred: inferredDateNote(f.asOfInferred, l),
  };
}

/**
 * For the wording partial: a quote in its own language, or the archive's paraphrase (in English)
 * and the language it was said in. Never translated: it is the record of what was said.
 */
export function wordingView(f: Pick<Figure, 'wording' | 'wordingKind' | 'language' | 'languageInferred'>, l: Localized = english) {
  return {
    wording: f.wording,
    // Older events say nothing of their wording's kind: they are the seed's quotes.
    paraphrase: f.wordingKind === 'paraphrase',
    wordingLang: f.wordingKind === 'paraphrase' ? 'en' : f.language,
    spokenIn: f.language && l.t('common:wording.saidIn', { language: f.language, inferred: f.languageInferred ? 'yes' : 'no' }),
  };
}

/** What the archive inferred of a date, said beside it; undefined where the source gave it whole. */
export function inferredDateNote(inferred: Inferred | undefined, l: Localized = english): string | undefined {
  if (inferred === 'year') return l.t('common:inferred.year');
  return inferred ? l.t('common:inferred.document') : undefined;
}

/** "between 1,650 and 1,750", "at least 1,000": how the archive reads the qualifier (see /about). */
export function boundsText(f: Pick<Figure, 'qualifier' | 'unit' | 'bounds'>, l: Localized = english): string | undefined {
  if (f.qualifier === 'exact') return undefined;
  return formatRange(f.bounds.lower, f.bounds.upper, f.unit, l.lang);
}

/** The change since the figure before: a difference only when both are exact, else what it was. */
export function changeText(current: FigureRecord, previous: FigureRecord | undefined, l: Localized = english): string | undefined {
  if (!previous) return undefined;
  const date = formatPartialDate(previous.asOf, l.lang);
  const was = formatFigureValue(previous, l.lang);
  if (current.qualifier !== 'exact' || previous.qualifier !== 'exact') return l.t('format:change.was', { was, date });
  const diff = current.value - previous.value;
  if (diff === 0) return l.t('format:change.unchanged', { date });
  const amount = formatAmount(Math.abs(diff), current.unit, l.lang);
  return l.t(diff > 0 ? 'format:change.up' : 'format:change.down', { amount, was, date });
}
