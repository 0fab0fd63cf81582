import type { RequestHandler } from 'express';
import { z } from 'zod';
import type { FigureRecord } from '../../../projections/figures/figures.js';
import { firstSourceView } from '../present/statement-view.js';
import { formatPartialDate, todayInAlmaty } from '../../format/dates.js';
import { findingsHereView } from '../present/findings-here.js';
import { pageLanguage } from '../language.js';
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
      const metrics = context.reader.listMetrics(at);
      const topics = [...new Set(metrics.map((m) => m.topic))].map((topic) => ({
        label: humanize(topic),
        metrics: metrics.filter((m) => m.topic === topic).map((m) => ({ ...m, href: link(`/metrics/${m.id}`, { at: linkAt }) })),
      }));
      res.render('pages/metrics', { ...(await time.page('Metrics')), topics });
    },

    async page(req, res) {
      const time = archiveTime(req, context, parseQuery(atQuery, req).at);
      const { at, linkAt } = time;
      const { reader } = context;
      const id = String(req.params.id);
      const metric = reader.getMetric(id, at);
      if (!metric) throw new HttpError(404, `The archive has no metric “${id}”.`);
      const history = reader.metricHistory(id, { at });
      const parent = metric.parent ? reader.getMetric(metric.parent, at) : undefined;
      const parts = reader.listMetrics(at).filter((m) => m.parent === id);
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
          source: firstSourceView(reader.getStatement(f.statementId, at)?.statement.sources),
        })),
        jsonHref: link(`/api/metrics/${id}`, { at: linkAt }),
        findingsHere: findingsHereView(reader, { date: todayInAlmaty(context.now()), at, linkAt, language: pageLanguage(res) }, { metric: id }),
      });
    },
  };
}
