import { describe, expect, it } from 'vitest';
import { impliedBounds, type Qualifier } from '../../events/schema/figure.js';
import type { FigureRecord } from '../../projections/figures/figures.js';
import { chartValue, csvNumber } from '../../src/http/charts/chart-numbers.js';
import { metricChart } from '../../src/http/charts/metric-chart.js';
import { usesDecimalComma } from '../../src/exports/csv-dialect.js';

const figure = (value: number, asOf: string, qualifier: Qualifier = 'exact', statementId = `s-${asOf}-${value}`): FigureRecord => ({
  metric: 'deaths',
  label: 'People killed',
  topic: 'victims',
  value,
  qualifier,
  unit: 'persons',
  bounds: impliedBounds(value, qualifier),
  asOf,
  asOfInferred: false,
  wording: `${value}`,
  statementId,
  statementTitle: 'A statement',
  speaker: { name: 'An official', role: 'Minister', body: 'Ministry of Internal Affairs' },
  publishedOn: asOf,
  position: 1,
});

const draw = (history: FigureRecord[], lang: 'en' | 'ru' | 'kk' = 'en') =>
  metricChart([{ id: 'deaths', label: 'People killed', labelLang: 'en', href: '/metrics/deaths', history }], {
    unit: 'persons',
    lang,
    size: 'wide',
    hrefOf: (f) => `/statements/${f.statementId}`,
  });

describe('the metric chart', () => {
  it('spreads points that describe the same day, so none hides another', () => {
    const chart = draw([figure(225, '2022-01-10'), figure(230, '2022-01-10'), figure(238, '2022-03-01')]);
    const [a, b] = chart.series[0]!.points;
    expect(Math.abs(a!.cx - b!.cx)).toBeGreaterThanOrEqual(10);
  });

  it('writes every value on its point, and puts a close neighbour’s label under its point', () => {
    const chart = draw([figure(225, '2022-01-10'), figure(230, '2022-01-10')]);
    const [a, b] = chart.series[0]!.points;
    expect([a!.valueText, b!.valueText]).toEqual(['225', '230']);
    expect(a!.labelY).toBeLessThan(a!.cy);
    expect(b!.labelY).toBeGreaterThan(b!.cy);
  });

  it('draws a range as a band as tall as the range, and an open one to the top of the plot', () => {
    const chart = draw([figure(1700, '2022-01-10', 'approximately'), figure(1000, '2022-06-01', 'over')]);
    const [approx, over] = chart.series[0]!.points;
    expect(approx!.band!.height).toBeGreaterThan(5);
    expect(approx!.band!.open).toBe(false);
    expect(over!.band!.open).toBe(true);
    expect(over!.band!.y).toBe(Math.round(chart.plot.top * 10) / 10);
  });

  it('names the unit on the axis, and writes numbers and qualifiers in the page’s language', () => {
    const chart = draw([figure(1000, '2022-06-01', 'over')], 'ru');
    expect(chart.unitTitle).toBe('Человек');
    // Intl groups digits with a no-break space, so the number never wraps.
    const spaced = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');
    expect(spaced(chart.series[0]!.points[0]!.valueText)).toBe('более 1 000');
    expect(spaced(chartValue(figure(1700, '2022-01-10', 'approximately'), 'kk'))).toBe('≈ 1 700');
  });
});

describe('small multiples', () => {
  it('share one time axis and one scale, so their dates line up and their heights compare', () => {
    const days = ['2022-01-09', '2023-01-05'];
    const small = (history: FigureRecord[]) =>
      metricChart([{ id: 'r', label: 'A region', labelLang: 'en', href: '/metrics/r', history }], {
        unit: 'persons', lang: 'en', size: 'small', hrefOf: () => '/', yMax: 160, days,
      });
    const a = small([figure(8, '2022-01-09')]);
    const b = small([figure(151, '2023-01-05'), figure(103, '2022-01-09')]);
    expect(a.xTicks).toEqual(b.xTicks);
    expect(a.yTicks).toEqual(b.yTicks);
    expect(a.series[0]!.points[0]!.cx).toBe(b.series[0]!.points[1]!.cx);
  });
});

describe('CSV numbers for spreadsheets', () => {
  it('knows which languages write a decimal comma, and writes one there', () => {
    expect([usesDecimalComma('en'), usesDecimalComma('ru'), usesDecimalComma('kk')]).toEqual([false, true, true]);
    expect(csvNumber(1.5, true)).toBe('1,5');
    expect(csvNumber(1.5, false)).toBe('1.5');
    expect(csvNumber(null, true)).toBe('');
  });
});
