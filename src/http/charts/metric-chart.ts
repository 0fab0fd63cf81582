import { scaleLinear } from 'd3-scale';
import { line } from 'd3-shape';
import type { Unit } from '../../../events/schema/figure.js';
import type { FigureRecord } from '../../../projections/figures/figures.js';
import { formatPartialDate } from '../../format/dates.js';
import type { InterfaceLanguage } from '../../i18n/languages.js';
import { translator } from '../../i18n/messages.js';
import { chartNumber, chartValue } from './chart-numbers.js';
import { dayToDate, monthTicks, round, timeScale } from './time-axis.js';

/** One line on a chart: a metric's figures, in the order they describe. */
export type ChartSeries = Readonly<{
  id: string;
  label: string;
  /** The language the label is written in: an untranslated catalogue label stays English, marked so. */
  labelLang: string;
  href: string;
  history: readonly FigureRecord[];
}>;

/**
 * The two shapes a chart is drawn in. The page carries both and CSS shows one: a viewBox as
 * narrow as a phone's column keeps its 12-unit text at 12 px or more there, with no sideways
 * scroll, while the wide one reads at desktop size. Downloads are the wide one.
 */
export const chartSizes = {
  wide: { width: 720, height: 340, font: 13, xTicks: 6, spread: 14 },
  narrow: { width: 340, height: 300, font: 12, xTicks: 3, spread: 10 },
  small: { width: 340, height: 220, font: 12, xTicks: 3, spread: 8 },
} as const;
export type ChartSize = keyof typeof chartSizes;

/** Line colours, each 4.5:1 or more against white, told apart also by the legend's order and the point labels. */
const palette = ['#1d4ed8', '#b91c1c', '#047857', '#7c3aed', '#b45309', '#0e7490'];

export type ChartOptions = Readonly<{
  unit: Unit;
  lang: InterfaceLanguage;
  size: ChartSize;
  hrefOf: (f: FigureRecord) => string;
  /** Small multiples share one scale so that their heights compare; undefined fits the data. */
  yMax?: number;
  /** …and one time axis, spanning these days, so that their dates line up; undefined fits the data. */
  days?: readonly string[];
  /** Who gave a figure and in which statement, in the page's language (the archive's translations); English as recorded otherwise. */
  originOf?: (f: FigureRecord) => Readonly<{ body: string; title: string }>;
}>;

/**
 * Geometry for a chart of one or more metrics over time, every string already in the page's
 * language. Each point carries its value written beside it; a qualified figure ("≈", "over"…)
 * is hollow, over a band spanning the range its wording allows, open-ended (an arrow to the top)
 * when the wording has no upper bound. Points describing the same day are spread sideways so
 * none hides another.
 */
export function metricChart(series: readonly ChartSeries[], options: ChartOptions) {
  const { unit, lang, size } = options;
  const t = translator(lang);
  const { width, height, font, xTicks, spread } = chartSizes[size];
  const money = unit === 'KZT' || unit === 'USD';
  const margin = { top: font * 2.6, right: font * 2, bottom: font * 3.2, left: font * (money ? 5 : 4) };
  const plotBottom = height - margin.bottom;
  const all = series.flatMap((s) => s.history);
  const x = timeScale(options.days ?? all.map((f) => f.asOf), [margin.left + spread * 2, width - margin.right - spread * 2], 15);
  const highest = options.yMax ?? Math.max(1, ...all.flatMap((f) => [f.value, f.bounds.upper ?? f.value]));
  const y = scaleLinear().domain([0, highest * 1.12]).nice().range([plotBottom, margin.top]);
  const offsets = sameDayOffsets(series, spread);

  const drawn = series.map((s, index) => {
    const colour = palette[index % palette.length]!;
    let previousLabel: { x: number; y: number } | undefined;
    const points = s.history.map((f, i) => {
      const cx = round(x(dayToDate(f.asOf)) + (offsets.get(`${index}:${i}`) ?? 0));
      const cy = round(y(f.value));
      const qualified = f.qualifier !== 'exact';
      const { lower, upper } = f.bounds;
      // A label that would sit on its neighbour's goes under the point instead.
      const above = !(previousLabel && Math.abs(previousLabel.x - cx) < font * 4 && previousLabel.y < cy);
      const labelY = round(above ? cy - font * 0.8 : cy + font * 1.6);
      previousLabel = { x: cx, y: above ? labelY : Infinity };
      const valueText = chartValue(f, lang);
      return {
        cx,
        cy,
        qualified,
        valueText,
        labelY,
        title: t('charts:pointTitle', { date: formatPartialDate(f.asOf, lang), value: valueText, ...(options.originOf?.(f) ?? { body: f.speaker.body, title: f.statementTitle }) }),
        // Each point opens the statement that gave it, where its sources are.
        href: options.hrefOf(f),
        band:
          qualified && lower !== null
            ? {
                x: cx - 6,
                width: 12,
                y: round(upper === null ? margin.top : y(upper)),
                height: round(y(lower) - (upper === null ? margin.top : y(upper))),
                open: upper === null,
                arrowY: round(margin.top),
              }
            : undefined,
      };
    });
    return {
      id: s.id,
      label: s.label,
      labelLang: s.labelLang,
      href: s.href,
      colour,
      line: line<(typeof points)[number]>().x((p) => p.cx).y((p) => p.cy)(points) ?? undefined,
      points,
    };
  });

  return {
    width,
    height,
    font,
    small: font,
    plot: { left: margin.left, right: width - margin.right, top: margin.top, bottom: plotBottom },
    unitTitle: t(`charts:axisUnit.${unit}`),
    unitY: round(margin.top - font * 1.4),
    yTicks: y.ticks(size === 'wide' ? 5 : 4).map((v) => ({ y: round(y(v)), label: chartNumber(v, unit, lang) })),
    xTicks: monthTicks(x, xTicks, lang).map((t) => ({ ...t, labelY: round(plotBottom + font * 1.7) })),
    series: drawn,
    anyQualified: all.some((f) => f.qualifier !== 'exact'),
  };
}

export type MetricChart = ReturnType<typeof metricChart>;

/** Sideways offsets for points that describe the same day, centred on the day. */
function sameDayOffsets(series: readonly ChartSeries[], spread: number): Map<string, number> {
  const byDay = new Map<string, string[]>();
  series.forEach((s, index) =>
    s.history.forEach((f, i) => {
      const day = dayToDate(f.asOf).toISOString();
      byDay.set(day, [...(byDay.get(day) ?? []), `${index}:${i}`]);
    }),
  );
  const offsets = new Map<string, number>();
  for (const keys of byDay.values()) keys.forEach((key, i) => offsets.set(key, (i - (keys.length - 1) / 2) * spread));
  return offsets;
}
