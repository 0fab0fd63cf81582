import type { RequestHandler } from 'express';
import { z } from 'zod';
import { getMetric, listMetrics } from '../../../projections/catalogue/catalogue.js';
import { metricHistory, type FigureRecord } from '../../../projections/figures/figures.js';
import { getStatement } from '../../../projections/statements/statements.js';
import { firstSourceView } from '../present/statement-view.js';
import { formatPartialDate } from '../../format/dates.js';
import { metricChart } from '../charts/metric-chart.js';
import type { AppContext } from '../context.js';
import { HttpError } from '../errors.js';
import { figureView } from '../present/figure-view.js';
import { humanize, speakerName } from '../present/labels.js';
import { link } from '../present/links.js';
import { parseQuery, position } from '../query.js';
import { archiveTime } from './shared.js';

const atQuery = z.object({ at: z.preprocess((v) => (v === '' ? undefined : v), position.optional()) });

export function metricsRoutes(context: AppContext): { list: RequestHandler; page: RequestHandler } {
  return {
    async list(req, res) {
      const time = archiveTime(req, context, parseQuery(atQuery, req).at);
      const { at, linkAt } = time;
      const metrics = listMetrics(context.readModel.db, at);
      const topics = [...new Set(metrics.map((m) => m.topic))].map((topic) => ({
        label: humanize(topic),
        metrics: metrics.filter((m) => m.topic === topic).map((m) => ({ ...m, href: link(`/metrics/${m.id}`, { at: linkAt }) })),
      }));
      res.render('pages/metrics', { ...(await time.page('Metrics')), topics });
    },

    async page(req, res) {
      const time = archiveTime(req, context, parseQuery(atQuery, req).at);
      const { at, linkAt } = time;
      const db = context.readModel.db;
      const id = String(req.params.id);
      const metric = getMetric(db, id, at);
      if (!metric) throw new HttpError(404, `The archive has no metric “${id}”.`);
      const history = metricHistory(db, id, { at });
      const parent = metric.parent ? getMetric(db, metric.parent, at) : undefined;
      const parts = listMetrics(db, at).filter((m) => m.parent === id);
      const statementHref = (f: FigureRecord) => link(`/statements/${f.statementId}`, { at: linkAt });
      res.render('pages/metric', {
        ...(await time.page(metric.label)),
        metric: { ...metric, unitLabel: humanize(metric.unit), topicLabel: humanize(metric.topic), topicHref: link('/', { topic: metric.topic, at: linkAt }) },
        parent: parent && { label: parent.label, href: link(`/metrics/${parent.id}`, { at: linkAt }) },
        parts: parts.map((m) => ({ label: m.label, href: link(`/metrics/${m.id}`, { at: linkAt }) })),
        chart: history.length ? metricChart(history, metric.unit, statementHref) : undefined,
        anyQualified: history.some((f) => f.qualifier !== 'exact'),
        rows: history.map((f) => ({
          ...figureView(f, metric.label, linkAt),
          published: formatPartialDate(f.publishedOn),
          speakerName: speakerName(f.speaker),
          body: f.speaker.body,
          statementTitle: f.statementTitle,
          statementHref: statementHref(f),
          source: firstSourceView(getStatement(db, f.statementId, at)?.statement.sources),
        })),
        jsonHref: link(`/api/metrics/${id}`, { at: linkAt }),
      });
    },
  };
}
