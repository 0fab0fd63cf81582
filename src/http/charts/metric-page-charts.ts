import type { FigureRecord } from '../../../projections/figures/figures.js';
import type { DeclaredRelation, Metric } from '../../../projections/catalogue/catalogue.js';
import { formatPartialDate } from '../../format/dates.js';
import type { InterfaceLanguage } from '../../i18n/languages.js';
import { translator } from '../../i18n/messages.js';
import type { ArchiveReader } from '../../reader/port.js';
import { link } from '../present/links.js';
import type { CatalogueTexts } from './catalogue-text.js';
import { metricChart, type ChartSeries } from './metric-chart.js';

/** Lines a comparison chart can carry before it stops being readable. */
const mostCompared = 5;

/** A part that names a region or city ("deaths-region-zhambyl", "deaths-city-taraz"): drawn as a small multiple, not a line. */
const isRegional = (id: string) => /(^|-)(region|city)(-|$)/.test(id);

type Inputs = Readonly<{
  reader: ArchiveReader;
  metric: Metric;
  at: number;
  linkAt: number | undefined;
  lang: InterfaceLanguage;
  texts: CatalogueTexts;
}>;

/**
 * The charts of a metric's page: its own history; beside it the metrics it is declared a part
 * of or made of (the catalogue's parent and the relations' wholes and parts), of the same unit;
 * and its regional parts as small multiples on one scale.
 */
export function metricPageCharts(inputs: Inputs) {
  const { reader, metric, at } = inputs;
  const seriesOf = (m: Metric): ChartSeries => {
    const label = inputs.texts.metricLabel(m.id, m.label);
    return {
      id: m.id,
      label: label.text,
      labelLang: label.lang,
      href: link(`/metrics/${m.id}`, { at: inputs.linkAt }),
      history: reader.metricHistory(m.id, { at }),
    };
  };
  const own = seriesOf(metric);
  if (own.history.length === 0) return undefined;
  const { wholes, parts, regional } = relatedMetrics(reader, metric, at);
  const withData = (list: readonly Metric[]) => list.map(seriesOf).filter((s) => s.history.length > 0);
  // A metric is drawn with its parts (the most reported first: the killed beside the security
  // personnel killed); only a metric with none is drawn beside its whole, which would otherwise
  // flatten its parts against the axis (the victims, killed and injured, are 20 times the killed).
  const partsWithData = withData(parts).sort((a, b) => b.history.length - a.history.length);
  const compared = (partsWithData.length > 0 ? partsWithData : withData(wholes)).slice(0, mostCompared);
  const regions = withData(regional);
  const t = translator(inputs.lang);
  const main = chartView(inputs, [own], { chartId: 'chart', title: t('charts:title', { label: own.label }), desc: t('charts:desc') });
  const compare =
    compared.length > 0
      ? chartView(inputs, [own, ...compared], { chartId: 'compare', title: t('charts:compareTitle', { label: own.label }), desc: t('charts:compareDesc'), legendSeries: true })
      : undefined;
  const yMax = Math.max(...regions.flatMap((s) => s.history.map((f) => f.bounds.upper ?? f.value)));
  const days = regions.flatMap((s) => s.history.map((f) => f.asOf));
  const smallMultiples = regions.map((s, i) => ({
    label: s.label,
    labelLang: s.labelLang,
    href: s.href,
    chart: metricChart([s], { unit: metric.unit, lang: inputs.lang, size: 'small', hrefOf: statementHref(inputs), originOf: originOf(inputs), yMax, days }),
    chartId: `region-${i}`,
    title: t('charts:title', { label: s.label }),
    desc: t('charts:desc'),
  }));
  return { main, compare, regions: smallMultiples.length > 1 ? smallMultiples : undefined, history: own.history, label: own.label };
}

const statementHref = (inputs: Inputs) => (f: FigureRecord) => link(`/statements/${f.statementId}`, { at: inputs.linkAt });
const originOf = (inputs: Inputs) => (f: FigureRecord) => ({
  body: inputs.texts.bodyName(f.speaker.body).text,
  title: inputs.texts.statementTitle(f.statementId, f.statementTitle).text,
});

type ChartText = Readonly<{ chartId: string; title: string; desc: string; legendSeries?: boolean }>;

/** One chart in both drawings, with its source line: the latest figure on it and the statement that gave it. */
export function chartView(inputs: Inputs, series: readonly ChartSeries[], text: ChartText) {
  const { lang, metric } = inputs;
  const options = { unit: metric.unit, lang, hrefOf: statementHref(inputs), originOf: originOf(inputs) };
  const figures = series.flatMap((s) => s.history);
  const latest = [...figures].sort((a, b) => a.asOf.localeCompare(b.asOf) || a.position - b.position).at(-1)!;
  const body = inputs.texts.bodyName(latest.speaker.body);
  const title = inputs.texts.statementTitle(latest.statementId, latest.statementTitle);
  return {
    ...text,
    wideId: `${text.chartId}-wide`,
    narrowId: `${text.chartId}-narrow`,
    wide: metricChart(series, { ...options, size: 'wide' }),
    narrow: metricChart(series, { ...options, size: 'narrow' }),
    source: {
      count: figures.length,
      body: body.text,
      title: title.text,
      // Body and title come from one statement; where either fell back to English, both are marked as such.
      dataLang: body.lang === lang && title.lang === lang ? lang : 'en',
      href: link(`/statements/${latest.statementId}`, { at: inputs.linkAt }),
      date: formatPartialDate(latest.asOf, lang),
      plain: translator(lang)('charts:sourcePlain', { body: body.text, title: title.text, date: formatPartialDate(latest.asOf, lang) }),
    },
  };
}

export type ChartView = ReturnType<typeof chartView>;

/**
 * What a metric can be drawn beside: its parent and the wholes of relations it is a part of; its
 * children and the parts of relations it is the whole of; all of the same unit (a line of cases
 * beside a line of people would share an axis it has no right to). Regional parts go apart.
 */
function relatedMetrics(reader: ArchiveReader, metric: Metric, at: number) {
  const all = new Map(reader.listMetrics(at).map((m) => [m.id, m]));
  const relations: readonly DeclaredRelation[] = reader.listRelations(at);
  const wholes = [metric.parent, ...relations.flatMap((r) => (r.kind !== 'cumulative' && r.parts.includes(metric.id) ? [r.whole] : []))];
  const parts = [
    ...[...all.values()].filter((m) => m.parent === metric.id).map((m) => m.id),
    ...relations.flatMap((r) => (r.kind !== 'cumulative' && r.whole === metric.id ? r.parts : [])),
  ];
  const known = (ids: readonly (string | null | undefined)[]) =>
    [...new Set(ids)].flatMap((id) => {
      const m = id && id !== metric.id ? all.get(id) : undefined;
      return m && m.unit === metric.unit ? [m] : [];
    });
  const partMetrics = known(parts);
  return {
    wholes: known(wholes),
    parts: partMetrics.filter((m) => !isRegional(m.id)),
    regional: partMetrics.filter((m) => isRegional(m.id)),
  };
}
