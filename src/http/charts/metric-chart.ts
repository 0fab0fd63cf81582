import { scaleLinear } from 'd3-scale';
import { line } from 'd3-shape';
import type { Unit } from '../../../events/schema/figure.js';
import type { FigureRecord } from '../../../projections/figures/figures.js';
import { formatPartialDate } from '../../format/dates.js';
import { formatAmount, formatFigureValue } from '../../format/numbers.js';
import { dayToDate, monthTicks, round, timeScale } from './time-axis.js';

const width = 720;
const height = 300;

/**
 * Geometry for a metric's history chart. Exact figures are filled dots; qualified ones
 * ("≈", "over", "almost"…) are hollow, with a whisker over the range their wording allows,
 * open-ended (an arrow to the top) when the wording gives no upper bound.
 */
export function metricChart(history: readonly FigureRecord[], unit: Unit, hrefOf: (f: FigureRecord) => string) {
  const money = unit === 'KZT' || unit === 'USD';
  const margin = { top: 24, right: 24, bottom: 44, left: money ? 150 : 64 };
  const plotBottom = height - margin.bottom;
  const x = timeScale(history.map((f) => f.asOf), [margin.left + 12, width - margin.right - 12], 15);
  const highest = Math.max(1, ...history.flatMap((f) => [f.value, f.bounds.upper ?? f.value]));
  const y = scaleLinear().domain([0, highest * 1.1]).nice().range([plotBottom, margin.top]);

  const points = history.map((f) => {
    const cx = round(x(dayToDate(f.asOf)));
    const qualified = f.qualifier !== 'exact';
    const { lower, upper } = f.bounds;
    return {
      cx,
      cy: round(y(f.value)),
      qualified,
      title: `${formatPartialDate(f.asOf)}: ${formatFigureValue(f)} (${f.speaker.body}, “${f.statementTitle}”)`,
      // Each point opens the statement that gave it, where its sources are.
      href: hrefOf(f),
      whisker:
        qualified && lower !== null
          ? { x: cx, capLeft: cx - 5, capRight: cx + 5, y1: round(y(lower)), y2: round(upper === null ? margin.top : y(upper)), open: upper === null }
          : undefined,
    };
  });
  return {
    width,
    height,
    plot: { left: margin.left, right: width - margin.right, top: margin.top, bottom: plotBottom },
    yTicks: y.ticks(5).map((v) => ({ y: round(y(v)), label: formatAmount(v, unit) })),
    xTicks: monthTicks(x, 6).map((t) => ({ ...t, labelY: plotBottom + 22 })),
    line: line<(typeof points)[number]>().x((p) => p.cx).y((p) => p.cy)(points) ?? undefined,
    points,
    arrowY: margin.top,
  };
}
