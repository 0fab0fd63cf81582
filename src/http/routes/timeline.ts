import type { RequestHandler } from 'express';
import { listStatements, timelineFacets } from '../../../projections/statements/statements.js';
import { formatPartialDate } from '../../format/dates.js';
import { lawPathSteps, timelineChart } from '../charts/timeline-chart.js';
import type { AppContext } from '../context.js';
import { humanize } from '../present/labels.js';
import { statementView, type StatementView } from '../present/statement-view.js';
import { parseQuery, timelineQuery } from '../query.js';
import { archiveTime, metricLabels } from './shared.js';

const keyFigureCount = 3;

export function timelineRoutes(context: AppContext): { timeline: RequestHandler } {
  return {
    timeline(req, res) {
      const q = parseQuery(timelineQuery, req);
      const { at, linkAt, layout } = archiveTime(req, context, q.at);
      const db = context.readModel.db;
      const statements = listStatements(db, { at, topic: q.topic, body: q.body, kind: q.kind, until: q.until });
      const labels = metricLabels(db, at);
      const views = statements.map((v) => statementView(v, labels, linkAt));
      const facets = timelineFacets(db, at);
      const option = (selected: string | undefined) => (value: string) => ({ value, label: humanize(value), selected: value === selected });
      res.render('pages/timeline', {
        title: 'Timeline',
        ...layout,
        count: statements.length,
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

/** Month groups in date order; a statement dated only to the year gets a group of its own. */
function byMonth(views: readonly StatementView[]) {
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

const entry = (v: StatementView) => ({
  ...v,
  keyFigures: v.figures.slice(0, keyFigureCount),
  moreFigures: Math.max(0, v.figures.length - keyFigureCount),
});
