import { describe, expect, it } from 'vitest';
import { impliedBounds, type Qualifier } from '../../events/schema/figure.js';
import { evaluateSeries, seriesCheckId } from '../../src/domain/checks/series-checks.js';
import { categoryOf, type CheckedFigure } from '../../src/domain/checks/types.js';

let position = 0;
/** A figure as metricHistory gives it: `asOf` the day it describes, `publishedOn` the day it was given. */
const fig = (value: number, asOf: string, publishedOn = asOf, statementId = `s-${publishedOn}-${value}`, qualifier: Qualifier = 'exact'): CheckedFigure => ({
  metric: 'deaths',
  value,
  qualifier,
  unit: 'persons',
  bounds: impliedBounds(value, qualifier),
  asOf,
  wording: `reported as ${value}`,
  statementId,
  publishedOn,
  position: ++position,
});

describe('a metric’s own figures over time', () => {
  it('finds nothing when each day has one figure, however much the count moves', () => {
    // The toll as officials counted it on each day: movement, not a revision.
    expect(evaluateSeries('deaths', [fig(164, '2022-01-09'), fig(225, '2022-01-15'), fig(238, '2022-03-01')])).toEqual([]);
  });

  it('finds a revision when a later-published figure gives another value for a day already described', () => {
    const [finding, ...rest] = evaluateSeries('deaths', [fig(225, '2022-01-15'), fig(227, '2022-01-15', '2022-01-20'), fig(238, '2022-03-01')]);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ relationId: seriesCheckId('deaths'), kind: 'replaced', date: '2022-01-15', until: '2022-03-01', gap: 2 });
    expect(categoryOf(finding!.kind)).toBe('revision');
    expect(finding!.figures.map((f) => [f.role, f.value])).toEqual([
      ['earlier', 225],
      ['later', 227],
    ]);
  });

  it('finds a disagreement when statements published on the same day differ for the same day', () => {
    const [finding] = evaluateSeries('deaths', [fig(225, '2022-01-15', '2022-01-15', 'prosecutors'), fig(230, '2022-01-15', '2022-01-15', 'ministry')]);
    expect(finding).toMatchObject({ kind: 'disagreement', date: '2022-01-15', until: null, gap: 5 });
    expect(categoryOf(finding!.kind)).toBe('disagreement');
    expect(finding!.figures.map((f) => [f.role, f.statementId])).toEqual([
      ['stated', 'prosecutors'],
      ['stated', 'ministry'],
    ]);
  });

  it('reads worded figures as ranges: “over 200” and 225 for the same day agree', () => {
    expect(evaluateSeries('deaths', [fig(200, '2022-01-15', '2022-01-15', 'a', 'over'), fig(225, '2022-01-15', '2022-01-16', 'b')])).toEqual([]);
  });

  it('finds nothing in one statement restating its own figure, nor past the date checked', () => {
    expect(evaluateSeries('deaths', [fig(225, '2022-01-15', '2022-01-15', 'same'), fig(225, '2022-01-15', '2022-01-16', 'same')])).toEqual([]);
    expect(evaluateSeries('deaths', [fig(225, '2022-01-15'), fig(227, '2022-01-15', '2022-01-20')], '2022-01-14')).toEqual([]);
  });
});
