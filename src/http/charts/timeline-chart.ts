import type { StatementVersion } from '../../../projections/statements/statements.js';
import { firstDay } from '../../../events/schema/dates.js';
import { formatPartialDate } from '../../format/dates.js';
import { formatPeriod } from '../present/labels.js';
import { link } from '../present/links.js';
import { addDays, dayToDate, monthTicks, round, timeScale } from './time-axis.js';

const width = 1000;
const height = 230;
const axisY = 180;
const dotGap = 13;
/** The topic whose statements are drawn as one connected path: the amnesty law, proposed → approved → signed. */
export const lawPathTopic = 'amnesty-law';

/** Geometry for the SVG timeline; d3-scale places, the template only draws. */
export function timelineChart(statements: readonly StatementVersion[], at?: number) {
  const days = statements.flatMap(({ statement: s }) => [s.publishedOn, ...(s.period ? [s.period.end] : [])]);
  const x = timeScale(days, [24, width - 24], 20);
  const stacks = new Map<number, number>();
  const dots = statements.map(({ statement: s }) => {
    const cx = round(x(dayToDate(s.publishedOn)));
    // Statements on the same day (or a few pixels apart) stack upwards instead of hiding each other.
    const column = Math.round(cx / 8);
    const level = stacks.get(column) ?? 0;
    stacks.set(column, level + 1);
    return {
      cx,
      cy: axisY - 14 - level * dotGap,
      href: link(`/statements/${s.id}`, { at }),
      title: `${formatPartialDate(s.publishedOn)}: ${s.title}`,
      onLawPath: s.topics.includes(lawPathTopic),
    };
  });
  const lawDots = dots.filter((d) => d.onLawPath);
  const bands = statements
    .filter(({ statement: s }) => s.period)
    .map(({ statement: s }) => {
      const start = x(dayToDate(s.period!.start));
      // The period's last day is drawn in full: the band ends where the next day begins.
      const end = x(addDays(dayToDate(firstDay(s.period!.end)), 1));
      return { x: round(start), y: 28, width: round(Math.max(end - start, 3)), height: axisY - 28, labelX: round(start), label: s.title, legend: s.title.includes(formatPeriod(s.period!)) ? s.title : `${s.title} (${formatPeriod(s.period!)})` };
    });
  return {
    width,
    height,
    axisY,
    months: monthTicks(x, 12).map((t) => ({ ...t, y1: axisY, y2: axisY + 6, labelY: axisY + 22 })),
    bands,
    dots,
    lawPath: lawDots.length > 1 ? arcsBetween(lawDots) : undefined,
  };
}

/** The amnesty law's steps as words, for the legend under the chart: "proposed 1 September 2022 → …". */
export function lawPathSteps(statements: readonly StatementVersion[], at?: number) {
  const verbs: Record<string, string> = { address: 'proposed', law: 'approved', signing: 'signed' };
  return statements
    .filter(({ statement: s }) => s.topics.includes(lawPathTopic))
    .map(({ statement: s }) => ({ step: verbs[s.kind] ?? s.kind.replace(/-/g, ' '), date: formatPartialDate(s.publishedOn), href: link(`/statements/${s.id}`, { at }) }));
}

/**
 * The law's steps joined by arcs that rise above the dots between them, so the path reads at a
 * glance even where other statements sit on the same baseline.
 */
function arcsBetween(points: readonly { cx: number; cy: number }[]): string {
  const [first, ...rest] = points;
  let path = `M${first!.cx},${first!.cy}`;
  let previous = first!;
  for (const p of rest) {
    const lift = Math.min(60, 14 + (p.cx - previous.cx) / 4);
    const top = Math.min(previous.cy, p.cy) - lift;
    path += ` Q${round((previous.cx + p.cx) / 2)},${round(top)} ${p.cx},${p.cy}`;
    previous = p;
  }
  return path;
}
