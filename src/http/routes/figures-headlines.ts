import { DateTime } from 'luxon';
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

const dayAfter = (date: string) => DateTime.fromISO(date, { zone: 'utc' }).plus({ days: 1 }).toISODate()!;

/**
 * One card a headline metric: the figure in force on the day asked (the latest describing it or
 * an earlier day), who gave it, and how it moved since the official figure before. Two indexed
 * seeks a card, whatever the archive's size.
 */
export function headlineCards(inputs: Inputs) {
  const { reader, lang, texts } = inputs;
  const t = translator(lang);
  const q = { known: inputs.known, at: inputs.at };
  return headlineMetrics.flatMap((id) => {
    const metric = reader.getMetric(id, inputs.at);
    const current = metric && reader.previousFigure(id, dayAfter(inputs.date), q);
    if (!metric || !current) return [];
    const previous = reader.previousFigure(id, current.asOf, q);
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
