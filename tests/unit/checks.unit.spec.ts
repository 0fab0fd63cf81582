import { describe, expect, it } from 'vitest';
import type { Relation } from '../../events/schema/catalogue.js';
import { impliedBounds, type Qualifier } from '../../events/schema/figure.js';
import { evaluateRelations } from '../../src/domain/checks/evaluate.js';
import type { CheckedFigure } from '../../src/domain/checks/types.js';

let position = 0;
/** A figure as metricHistory gives it; bounds from the qualifier, as the schema completes them. */
const fig = (metric: string, value: number, asOf: string, qualifier: Qualifier = 'exact', statementId = `s-${asOf}`): CheckedFigure => ({
  metric,
  value,
  qualifier,
  unit: 'persons',
  bounds: impliedBounds(value, qualifier),
  asOf,
  wording: `${qualifier} ${value}`,
  statementId,
  publishedOn: asOf,
  position: ++position,
});

const histories = (...figures: CheckedFigure[]) => {
  const map = new Map<string, CheckedFigure[]>();
  for (const f of figures) map.set(f.metric, [...(map.get(f.metric) ?? []), f]);
  return map;
};

const partition: Relation = { id: 'p', kind: 'partition', whole: 'w', parts: ['a', 'b'], phrase: 'w, of which a and b' };
const subset: Relation = { id: 's', kind: 'subset', whole: 'w', parts: ['a', 'b'], phrase: 'w, including a and b' };
const cumulative: Relation = { id: 'c', kind: 'cumulative', metric: 'w', phrase: 'have been brought to responsibility' };
const day = '2023-01-05';

describe('partition: the parts’ summed interval must meet the whole’s', () => {
  it('finds nothing when exact parts add up', () => {
    expect(evaluateRelations([partition], histories(fig('w', 344, day), fig('a', 239, day), fig('b', 105, day)))).toEqual([]);
  });

  it('finds a gap between exact figures, with the relation, figures, expected and actual', () => {
    const [finding, ...rest] = evaluateRelations([partition], histories(fig('w', 344, day), fig('a', 239, day), fig('b', 100, day)));
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({
      relationId: 'p', kind: 'partition', phrase: 'w, of which a and b', date: day, until: null,
      expected: { lower: 344, upper: 344 }, actual: { lower: 339, upper: 339 }, gap: 5, missing: [],
    });
    expect(finding!.figures.map((f) => [f.role, f.metric, f.value, f.statementId])).toEqual([
      ['whole', 'w', 344, `s-${day}`], ['part', 'a', 239, `s-${day}`], ['part', 'b', 100, `s-${day}`],
    ]);
  });

  it('reads "approximately 1,700" as 1,650–1,750 and "over 1,000" as at least 1,000', () => {
    const ok = histories(fig('w', 1700, day, 'approximately'), fig('a', 1000, day, 'over'), fig('b', 600, day));
    expect(evaluateRelations([partition], ok)).toEqual([]);
    const tooMany = histories(fig('w', 1700, day, 'approximately'), fig('a', 1200, day), fig('b', 600, day));
    expect(evaluateRelations([partition], tooMany)[0]).toMatchObject({ expected: { lower: 1650, upper: 1750 }, actual: { lower: 1800, upper: 1800 }, gap: 50 });
    const tooFew = histories(fig('w', 1000, day, 'over'), fig('a', 300, day), fig('b', 200, day));
    expect(evaluateRelations([partition], tooFew)[0]).toMatchObject({ expected: { lower: 1000, upper: null }, gap: 500 });
  });

  it('counts a part not reported yet as "0 or more": it can only widen the sum', () => {
    const [finding] = evaluateRelations([partition], histories(fig('w', 344, day), fig('a', 400, day)));
    expect(finding).toMatchObject({ actual: { lower: 400, upper: null }, gap: 56, missing: ['b'] });
    expect(evaluateRelations([partition], histories(fig('w', 344, day), fig('a', 200, day)))).toEqual([]);
  });
});

describe('subset: the parts’ summed lower bound must not exceed the whole’s upper bound', () => {
  it('finds injured + killed above victims (5,155 + 238 > 5,387)', () => {
    const [finding] = evaluateRelations([subset], histories(fig('w', 5387, day), fig('a', 5155, day), fig('b', 238, day)));
    expect(finding).toMatchObject({ expected: { lower: 0, upper: 5387 }, actual: { lower: 5393, upper: 5393 }, gap: 6 });
  });

  it('finds nothing when the parts leave some of the whole out', () => {
    expect(evaluateRelations([subset], histories(fig('w', 4623, day), fig('a', 2504, day), fig('b', 440, day)))).toEqual([]);
  });

  it('compares bounds: "over 1,000" of "approximately 1,700" agrees, "over 1,800" does not', () => {
    expect(evaluateRelations([subset], histories(fig('w', 1700, day, 'approximately'), fig('a', 1000, day, 'over')))).toEqual([]);
    const [finding] = evaluateRelations([subset], histories(fig('w', 1700, day, 'approximately'), fig('a', 1800, day, 'over')));
    expect(finding).toMatchObject({ actual: { lower: 1800, upper: null }, gap: 50, missing: ['b'] });
    // "almost 80" is 75–80: 79 agrees, 81 is 1 too many.
    expect(evaluateRelations([subset], histories(fig('w', 80, day, 'almost'), fig('a', 79, day)))).toEqual([]);
    expect(evaluateRelations([subset], histories(fig('w', 80, day, 'almost'), fig('a', 81, day)))[0]?.gap).toBe(1);
  });

  it('finds nothing without a whole', () => {
    expect(evaluateRelations([subset], histories(fig('a', 5155, day), fig('b', 238, day)))).toEqual([]);
  });
});

describe('cumulative: a later upper bound must not fall below an earlier lower bound', () => {
  it('finds a running total that fell, naming the earlier and the later figure', () => {
    const [finding] = evaluateRelations([cumulative], histories(fig('w', 1700, '2022-10-27', 'approximately'), fig('w', 1600, day)));
    expect(finding).toMatchObject({ date: day, expected: { lower: 1650, upper: null }, actual: { lower: 1600, upper: 1600 }, gap: 50 });
    expect(finding!.figures.map((f) => [f.role, f.value, f.asOf])).toEqual([['earlier', 1700, '2022-10-27'], ['later', 1600, day]]);
  });

  it('finds nothing when the intervals can meet or the total grows', () => {
    expect(evaluateRelations([cumulative], histories(fig('w', 1700, '2022-10-27', 'approximately'), fig('w', 1660, day)))).toEqual([]);
    expect(evaluateRelations([cumulative], histories(fig('w', 1700, '2022-10-27', 'approximately'), fig('w', 1000, day, 'over')))).toEqual([]);
    expect(evaluateRelations([cumulative], histories(fig('w', 49, '2022-10-27'), fig('w', 49, day), fig('w', 60, '2023-02-01')))).toEqual([]);
  });

  it('names the earlier figure that lies furthest above', () => {
    const h = histories(fig('w', 100, '2022-01-10'), fig('w', 300, '2022-02-10'), fig('w', 200, '2022-03-10'));
    expect(evaluateRelations([cumulative], h).map((f) => [f.figures[0]!.value, f.gap])).toEqual([[300, 100]]);
  });
});

describe('findings over valid time', () => {
  it('collapses consecutive dates with the same contradiction into one finding with its first date', () => {
    const h = histories(
      fig('w', 100, '2022-10'),
      fig('a', 150, '2022-10'),
      fig('a', 150, '2022-11-01', 'exact', 'restated'),
      fig('w', 200, '2022-12-01'),
      fig('a', 250, '2023-01-05'),
    );
    const findings = evaluateRelations([subset], h);
    expect(findings.map((f) => [f.date, f.until, f.gap])).toEqual([
      ['2022-10', '2022-12-01', 50],
      ['2023-01-05', null, 50],
    ]);
    // The collapsed finding keeps the evidence of the day it began.
    expect(findings[0]!.figures.find((f) => f.role === 'part')!.statementId).toBe('s-2022-10');
  });

  it('a new gap on a later date is a new finding, and the old one ends there', () => {
    const h = histories(fig('w', 100, '2022-10-01'), fig('a', 150, '2022-10-01'), fig('a', 170, '2022-11-01'));
    expect(evaluateRelations([subset], h).map((f) => [f.date, f.until, f.gap])).toEqual([
      ['2022-10-01', '2022-11-01', 50],
      ['2022-11-01', null, 70],
    ]);
  });

  it('finds the same up to `until` whether later figures are passed in or not, for relations sharing a metric', () => {
    const h = histories(fig('w', 100, '2022-10-01'), fig('a', 150, '2022-11-01'), fig('b', 10, '2022-11'), fig('w', 50, '2023-02-01'), fig('a', 10, '2023-03'));
    const cut = new Map([...h].map(([m, figures]) => [m, figures.filter((f) => f.asOf <= '2022-12-31')]));
    const both = [subset, cumulative];
    const upToYearEnd = evaluateRelations(both, h, { until: '2022-12-31' });
    expect(upToYearEnd.map((f) => [f.relationId, f.date, f.until])).toEqual([['s', '2022-11-01', null]]);
    expect(upToYearEnd).toEqual(evaluateRelations(both, cut));
    // Without `until`, the later figures change the subset finding, then resolve it, and the running total goes down.
    expect(evaluateRelations(both, h).map((f) => [f.relationId, f.date, f.until])).toEqual([
      ['s', '2022-11-01', '2023-02-01'],
      ['c', '2023-02-01', null],
      ['s', '2023-02-01', '2023-03'],
    ]);
  });

  it('evaluates only dates up to `until`, and takes the later-published figure for a day', () => {
    const late = { ...fig('a', 90, '2022-10-01', 'exact', 'later-statement'), publishedOn: '2022-12-01' };
    const h = histories(fig('w', 100, '2022-10-01'), fig('a', 150, '2022-10-01'), late, fig('a', 300, '2023-01-05'));
    expect(evaluateRelations([subset], h, { until: '2022-12-31' })).toEqual([]);
    expect(evaluateRelations([subset], h, { until: '2023-01-05' }).map((f) => f.date)).toEqual(['2023-01-05']);
  });

  it('orders findings by date, then relation', () => {
    const h = histories(fig('w', 100, '2022-10-01'), fig('a', 150, '2022-10-01'), fig('w', 90, '2022-11-01'));
    const relations: Relation[] = [cumulative, subset];
    expect(evaluateRelations(relations, h).map((f) => [f.relationId, f.date])).toEqual([
      ['s', '2022-10-01'],
      ['c', '2022-11-01'],
      ['s', '2022-11-01'],
    ]);
  });
});
