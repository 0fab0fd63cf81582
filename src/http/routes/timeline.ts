import type { RequestHandler } from 'express';
import type { StatementVersion } from '../../../projections/statements/statements.js';
import { formatInstantDay, formatPartialDate } from '../../format/dates.js';
import { lawPathSteps, timelineChart } from '../charts/timeline-chart.js';
import type { AppContext } from '../context.js';
import { humanize } from '../present/labels.js';
import { statementView, type StatementView } from '../present/statement-view.js';
import { link } from '../present/links.js';
import { choosePage, pagerView } from '../present/pager.js';
import { parseQuery, timelinePageQuery } from '../query.js';
import { archiveTime, metricLabels } from './shared.js';

const keyFigureCount = 3;
/** Statements on one page of the timeline. */
export const timelinePageSize = 100;

export function timelineRoutes(context: AppContext): { timeline: RequestHandler } {
  return {
    async timeline(req, res) {
      const q = parseQuery(timelinePageQuery, req);
      const time = archiveTime(req, context, q.at);
      const { at, linkAt } = time;
      const { reader } = context;
      // Retracted statements stay in the list, marked, so a reader who cited one can find it; the
      // chart, the law's path and the count are of the statements in force.
      const filters = { at, topic: q.topic, body: q.body, kind: q.kind, until: q.until, includeRetracted: true };
      const counts = reader.statementCounts(filters);
      const { page, pages, offset } = choosePage(counts.total, timelinePageSize, q.page, (n) => `the timeline has ${n} ${n === 1 ? 'page' : 'pages'}`);
      const size = Math.min(timelinePageSize, counts.total - offset);
      // The later half of the pages is read from the end of the index: the default, latest page is then cheap.
      const listed =
        offset * 2 > counts.total
          ? reader.listStatements({ ...filters, limit: size, offset: counts.total - offset - size, fromEnd: true })
          : reader.listStatements({ ...filters, limit: size, offset });
      const statements = listed.filter((v) => v.status !== 'retracted');
      const pageHref = (n: number) =>
        link('/', { at: linkAt, topic: q.topic, body: q.body, kind: q.kind, until: q.until, page: n === pages ? undefined : n });
      const labels = metricLabels(reader, at);
      const views = listed.map((v) => ({ ...statementView(v, labels, linkAt), marker: versionMarker(v) }));
      const facets = reader.timelineFacets(at);
      const option = (selected: string | undefined) => (value: string) => ({ value, label: humanize(value), selected: value === selected });
      res.render('pages/timeline', {
        ...(await time.page('Timeline')),
        count: counts.total - counts.retracted,
        retractedCount: counts.retracted,
        paging: pagerView({ page, pages, offset }, listed.length, counts.total, pageHref),
        filtered: Boolean(q.topic || q.body || q.kind || q.until),
        filters: {
          at: linkAt,
          topics: facets.topics.map(option(q.topic)),
          bodies: facets.bodies.map((b) => ({ value: b, label: b, selected: b === q.body })),
          kinds: facets.kinds.map(option(q.kind)),
        },
        chart: statements.length ? timelineChart(statements, linkAt) : undefined,
        lawSteps: lawPathSteps(statements, linkAt),
        months: byMonth(views),
      });
    },
  };
}

/** "Corrected on 1 March 2024: reason" or "Retracted on …": what the latest event of a statement did to it. */
function versionMarker(v: StatementVersion) {
  if (v.eventType === 'StatementPublished') return undefined;
  const retracted = v.status === 'retracted';
  return { retracted, text: `${retracted ? 'Retracted' : 'Corrected'} on ${formatInstantDay(v.recordedAt)}`, reason: v.reason, recordedAtIso: v.recordedAt };
}

/** Month groups in date order; a statement dated only to the year gets a group of its own. */
function byMonth(views: readonly TimelineEntry[]) {
  const groups: { key: string; label: string; id: string; entries: ReturnType<typeof entry>[] }[] = [];
  for (const v of views) {
    const key = v.dateIso.slice(0, 7);
    let group = groups.find((g) => g.key === key);
    if (!group) {
      const label = key.length === 7 ? formatPartialDate(key) : `${key} (month not given)`;
      groups.push((group = { key, label, id: `month-${key}`, entries: [] }));
    }
    group.entries.push(entry(v));
  }
  return groups;
}

type TimelineEntry = StatementView & { marker: ReturnType<typeof versionMarker> };

const entry = (v: TimelineEntry) => ({
  ...v,
  // A retracted statement's figures are not official: its page still shows them, the list does not.
  keyFigures: v.retracted ? [] : v.figures.slice(0, keyFigureCount),
  moreFigures: v.retracted ? 0 : Math.max(0, v.figures.length - keyFigureCount),
});
