import { LRUCache } from 'lru-cache';
import { firstDay } from '../../../events/schema/dates.js';
import type { FigureRecord } from '../../../projections/figures/figures.js';
import { formatPartialDate } from '../../format/dates.js';
import type { InterfaceLanguage } from '../../i18n/languages.js';
import { translator } from '../../i18n/messages.js';
import type { ArchiveReader } from '../../reader/port.js';
import { chartNumber, chartValue } from '../charts/chart-numbers.js';
import type { CatalogueTexts } from '../charts/catalogue-text.js';
import { link } from '../present/links.js';

/** The most-asked metrics, in the order a reader asks: killed, injured, detained, charged, convicted, amnestied. */
export const headlineMetrics = ['deaths', 'victims-injured', 'persons-detained', 'persons-criminally-liable', 'persons-convicted', 'amnesty-granted'] as const;

type Inputs = Readonly<{ reader: ArchiveReader; date: string; known?: string; at: number; linkAt?: number; lang: InterfaceLanguage; texts: CatalogueTexts }>;

type Histories = ReadonlyMap<string, Readonly<{ label: string; history: readonly FigureRecord[] }>>;

/**
 * The headline metrics' histories, read once per log position and publication cut-off: a
 * handful of figures each, from which every date's card is picked in memory (the page is asked
 * for many dates at one position).
 */
export function headlineReader(reader: ArchiveReader) {
  const kept = new LRUCache<string, Histories>({ max: 64 });
  return (at: number, known: string | undefined): Histories => {
    const key = `${at}|${known ?? ''}`;
    let found = kept.get(key);
    if (!found) {
      found = new Map(
        headlineMetrics.flatMap((id) => {
          const metric = reader.getMetric(id, at);
          return metric ? [[id, { label: metric.label, history: reader.metricHistory(id, { known, at }) }] as const] : [];
        }),
      );
      kept.set(key, found);
    }
    return found;
  };
}

/** The last figure of a history (in valid-time order) describing a day up to `day`, or before it. */
function lastUpTo(history: readonly FigureRecord[], day: string, inclusive: boolean): FigureRecord | undefined {
  for (let i = history.length - 1; i >= 0; i -= 1) {
    const d = firstDay(history[i]!.asOf);
    if (inclusive ? d <= day : d < day) return history[i];
  }
  return undefined;
}

/**
 * One card a headline metric: the figure in force on the day asked (the latest describing it or
 * an earlier day, as reader.previousFigure picks it), who gave it, and how it moved since the
 * official figure before.
 */
export function headlineCards(inputs: Inputs & Readonly<{ histories: Histories }>) {
  const { lang, texts } = inputs;
  const t = translator(lang);
  return headlineMetrics.flatMap((id) => {
    const metric = inputs.histories.get(id);
    const current = metric && lastUpTo(metric.history, inputs.date, true);
    if (!metric || !current) return [];
    const previous = lastUpTo(metric.history, firstDay(current.asOf), false);
    const title = texts.statementTitle(current.statementId, current.statementTitle);
    return [
      {
        id,
        label: texts.metricLabel(id, metric.label),
        href: link(`/metrics/${id}`, { at: inputs.linkAt }),
        value: chartValue(current, lang),
        asOf: formatPartialDate(current.asOf, lang),
        asOfIso: current.asOf,
        body: texts.bodyName(current.speaker.body),
        statement: { title, href: link(`/statements/${current.statementId}`, { at: inputs.linkAt }) },
        change: changeSince(current, previous, lang) ?? t('figures:firstFigure'),
      },
    ];
  });
}

/** "up 45 since 1 June 2023 (1,205)": a difference only when both figures are exact, else what the one before was. */
export function changeSince(current: FigureRecord, previous: FigureRecord | undefined, lang: InterfaceLanguage): string | undefined {
  if (!previous) return undefined;
  const t = translator(lang);
  const date = formatPartialDate(previous.asOf, lang);
  const was = chartValue(previous, lang);
  if (current.qualifier !== 'exact' || previous.qualifier !== 'exact') return t('figures:changeWas', { was, date });
  const diff = current.value - previous.value;
  const direction = diff > 0 ? 'up' : diff < 0 ? 'down' : 'same';
  return t('figures:change', { direction, amount: chartNumber(Math.abs(diff), current.unit, lang), was, date });
}
