import type { Request, RequestHandler, Response } from 'express';
import { stringify } from 'csv-stringify/sync';
import { z } from 'zod';
import type { FigureRecord } from '../../../projections/figures/figures.js';
import { formatPartialDate, todayInAlmaty } from '../../format/dates.js';
import { findingsHereView } from '../present/findings-here.js';
import type { InterfaceLanguage } from '../../i18n/languages.js';
import { translator } from '../../i18n/messages.js';
import { csvNumber } from '../charts/chart-numbers.js';
import { standaloneSvg, svgToPng } from '../charts/chart-files.js';
import { catalogueTexts } from '../charts/catalogue-text.js';
import { metricPageCharts } from '../charts/metric-page-charts.js';
import { metricCsvColumns } from '../../exports/csv-dialect.js';
import type { AppContext } from '../context.js';
import { HttpError } from '../errors.js';
import { pageLanguage } from '../language.js';
import { figureView } from '../present/figure-view.js';
import { figureOriginView } from '../present/figure-origin.js';
import { firstSourceView } from '../present/statement-view.js';
import { link } from '../present/links.js';
import { publicOrigin } from '../public-origin.js';
import { parseQuery, position } from '../query.js';
import { csvDialectOf } from './csv-query.js';
import { embedCode, oembedDiscovery } from './embeds.js';
import { archiveTime } from './shared.js';

const atQuery = z.object({ at: z.preprocess((v) => (v === '' ? undefined : v), position.optional()) });

/** The metric pages, the chart's downloads (SVG, PNG, CSV) and the chart made for an iframe. */
export function metricsRoutes(context: AppContext) {
  const { reader } = context;

  /** Everything a metric's page, download or embed is built from, read at one log position in the page's language. */
  function read(req: Request, res: Response) {
    const time = archiveTime(req, context, parseQuery(atQuery, req).at);
    const { at, linkAt } = time;
    const lang = pageLanguage(res);
    const id = String(req.params.id);
    const metric = reader.getMetric(id, at);
    if (!metric) throw new HttpError(404, translator(lang)('metrics:noSuchMetric', { id }));
    const texts = catalogueTexts(reader, lang, at);
    const charts = metricPageCharts({ reader, metric, at, linkAt, lang, texts });
    return { time, at, linkAt, lang, id, metric, texts, charts };
  }

  /** What to download when the metric has no figure yet: nothing, said plainly. */
  const chartsOf = (r: ReturnType<typeof read>) => {
    if (!r.charts) throw new HttpError(404, translator(r.lang)('metrics:noFigures'));
    return r.charts;
  };

  const downloads = (id: string, linkAt: number | undefined, lang: InterfaceLanguage) => {
    const t = translator(lang);
    return [
      { href: link(`/metrics/${id}.svg`, { at: linkAt, lang }), label: t('charts:downloadSvg') },
      { href: link(`/metrics/${id}.png`, { at: linkAt, lang }), label: t('charts:downloadPng') },
      { href: link(`/metrics/${id}.csv`, { at: linkAt, lang }), label: t('charts:downloadCsv') },
      { href: link(`/metrics/${id}.csv`, { at: linkAt, lang, sep: 'semicolon' }), label: t('charts:downloadCsvExcel') },
    ];
  };

  const list: RequestHandler = async (req, res) => {
    const time = archiveTime(req, context, parseQuery(atQuery, req).at);
    const { at, linkAt } = time;
    const lang = pageLanguage(res);
    const texts = catalogueTexts(reader, lang, at);
    const metrics = reader.listMetrics(at);
    const topics = [...new Set(metrics.map((m) => m.topic))].map((topic) => ({
      name: texts.topicName(topic),
      metrics: metrics
        .filter((m) => m.topic === topic)
        .map((m) => ({ label: texts.metricLabel(m.id, m.label), unit: translator(lang)(`charts:axisUnit.${m.unit}`), href: link(`/metrics/${m.id}`, { at: linkAt }) })),
    }));
    res.render('pages/metrics', { ...(await time.page(translator(lang)('metrics:listTitle'))), topics });
  };

  const page: RequestHandler = async (req, res) => {
    const { time, at, linkAt, lang, id, metric, texts, charts } = read(req, res);
    const t = translator(lang);
    const label = texts.metricLabel(metric.id, metric.label);
    const parent = metric.parent ? reader.getMetric(metric.parent, at) : undefined;
    const parts = reader.listMetrics(at).filter((m) => m.parent === id);
    const wordedLink = (m: { id: string; label: string }) => ({ label: texts.metricLabel(m.id, m.label), href: link(`/metrics/${m.id}`, { at: linkAt }) });
    const embedPath = link(`/embed/metrics/${id}`, { at: linkAt, lang });
    res.render('pages/metric', {
      ...(await time.page(label.text)),
      ...oembedDiscovery(req, embedPath),
      metric: {
        ...metric,
        label,
        description: texts.metricDescription(metric.id, metric.description),
        unitLabel: t(`charts:axisUnit.${metric.unit}`),
        topic: texts.topicName(metric.topic),
        topicHref: link('/', { topic: metric.topic, at: linkAt }),
      },
      parent: parent && wordedLink(parent),
      parts: parts.map(wordedLink),
      charts: charts && { ...charts, main: { ...charts.main, downloads: downloads(id, linkAt, lang) } },
      embed: embedCode(req, embedPath, label.text, t),
      rows: (charts?.history ?? []).map((f) => ({
        ...figureView(f, metric.label, linkAt, time.localized),
        ...figureOriginView(f, linkAt, time.localized),
        published: formatPartialDate(f.publishedOn, lang),
        source: firstSourceView(reader.getStatement(f.statementId, at)?.statement.sources, time.localized),
      })),
      jsonHref: link(`/api/metrics/${id}`, { at: linkAt }),
      findingsHere: findingsHereView(reader, { date: todayInAlmaty(context.now()), at, linkAt, language: lang }, { metric: id }),
    });
  };

  const permalinkText = (req: Request, r: ReturnType<typeof read>) =>
    translator(r.lang)('charts:permalink', { url: `${publicOrigin(req) ?? ''}${link(`/metrics/${r.id}`, { at: r.at })}` });

  const svg: RequestHandler = async (req, res) => {
    const r = read(req, res);
    const file = await standaloneSvg(req.app, chartsOf(r).main, permalinkText(req, r));
    res.type('image/svg+xml').attachment(`qantar-${r.id}.svg`).send(file);
  };

  const png: RequestHandler = async (req, res) => {
    const r = read(req, res);
    const file = await standaloneSvg(req.app, chartsOf(r).main, permalinkText(req, r));
    res.type('image/png').attachment(`qantar-${r.id}.png`).send(svgToPng(file));
  };

  const csv: RequestHandler = (req, res) => {
    const r = read(req, res);
    const dialect = csvDialectOf(req, res);
    const n = (v: number | null) => csvNumber(v, dialect.decimalComma);
    const rows = chartsOf(r).history.map((f) => [
      f.metric, r.metric.label, f.asOf, n(f.value), f.qualifier, n(f.bounds.lower), n(f.bounds.upper), f.unit,
      f.wording, f.statementId, f.statementTitle, f.speaker.body, f.publishedOn,
    ]);
    const text = stringify(rows, { header: true, columns: metricCsvColumns, bom: true, delimiter: dialect.delimiter, escape_formulas: true });
    res.type('text/csv; charset=utf-8').attachment(`qantar-${r.id}${dialect.delimiter === ';' ? '-excel' : ''}.csv`).send(text);
  };

  /** The chart alone, for an iframe on another site: its permalink and citation travel with it. */
  const embed: RequestHandler = async (req, res) => {
    const r = read(req, res);
    const t = translator(r.lang);
    const label = r.texts.metricLabel(r.metric.id, r.metric.label);
    const pageHref = link(`/metrics/${r.id}`, { at: r.at });
    res.render('pages/embed-metric', {
      ...(await r.time.page(label.text)),
      layout: 'embed',
      label,
      charts: r.charts,
      pageUrl: `${publicOrigin(req) ?? ''}${pageHref}`,
      pageHref,
      emptyText: t('metrics:noFigures'),
    });
  };

  return { list, page, svg, png, csv, embed };
}
