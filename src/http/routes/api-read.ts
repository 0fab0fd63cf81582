import type { Request, RequestHandler } from 'express';
import { z } from 'zod';
import type { Metric } from '../../../projections/catalogue/catalogue.js';
import type { TimelineQuery } from '../../../projections/statements/statements.js';
import { timelineKey } from '../../../projections/statements/timeline-key.js';
import { language } from '../../../events/schema/statement.js';
import { todayInAlmaty } from '../../format/dates.js';
import { figureToJson, statementToJson } from '../../present/json.js';
import type { AppContext } from '../context.js';
import { cursorAt, timelineCursor } from '../cursor.js';
import { HttpError } from '../errors.js';
import { figuresCsv } from '../present/figures-csv.js';
import { csvDialectOf } from './csv-query.js';
import { apiStatementsMax, apiStatementsQuery, figuresQuery, parseQuery, position, resolveAt } from '../query.js';

const atQuery = z.object({ at: z.preprocess((v) => (v === '' ? undefined : v), position.optional()) });
const metricsQuery = atQuery.extend({ lang: language.optional() });

/** Every answer says which archive position it was read at, as a string (positions can pass 2^53). */
export function apiReadRoutes(context: AppContext) {
  const { reader } = context;
  const atOf = (requested: number | undefined) => resolveAt(reader, requested).at;

  const figuresFor = (req: Request) => {
    const q = parseQuery(figuresQuery, req);
    const at = atOf(q.at);
    const date = q.date ?? todayInAlmaty(context.now());
    return { date, known: q.known ?? null, at, topic: q.topic ?? null, figures: reader.figuresAsOf({ date, known: q.known, at, topic: q.topic }) };
  };

  const statements: RequestHandler = (req, res) => {
    const q = parseQuery(apiStatementsQuery, req);
    const head = atOf(undefined);
    const at = atOf(cursorAt(q.at, q.after, 'after', head));
    const filters = { at, topic: q.topic, body: q.body, kind: q.kind, from: q.from, until: q.until };
    const limit = q.limit ?? apiStatementsMax;
    // A cursor's page is a seek into the index at any depth; an offset steps over what it skips, as before.
    const { versions, later } = q.after
      ? reader.statementsPage(filters, limit, { after: q.after.key })
      : offsetPage(filters, limit, q.offset ?? 0);
    const last = versions[versions.length - 1];
    // `next` carries the position this page was read at: following it pages through one state of the archive.
    const next = later && last ? timelineCursor.encode({ at, key: timelineKey(last) }) : null;
    const window = q.after ? { after: timelineCursor.encode(q.after) } : { offset: q.offset ?? 0 };
    // The total is what a client pages through: the statements in force that match, in date order.
    res.json({ at: String(at), total: reader.countStatements(filters), ...window, limit, next, statements: versions.map(statementToJson) });
  };

  const offsetPage = (filters: TimelineQuery, limit: number, offset: number) => {
    const read = reader.listStatements({ ...filters, limit: limit + 1, offset });
    return { versions: read.slice(0, limit), later: read.length > limit };
  };

  const statement: RequestHandler = (req, res) => {
    const at = atOf(parseQuery(atQuery, req).at);
    const id = String(req.params.id);
    const version = reader.getStatement(id, at);
    if (!version) throw new HttpError(404, `No statement "${id}"`);
    const history = reader.statementHistory(id, at).map((v) => ({
      revision: String(v.revision),
      event: v.eventType,
      reason: v.reason,
      position: String(v.position),
      recordedAt: v.recordedAt,
    }));
    // The stream revision is the version an editor must name in If-Match to correct or retract it.
    res.set('ETag', `"${version.revision}"`).json({ ...statementToJson(version), history });
  };

  const figures: RequestHandler = (req, res) => {
    const { figures: list, at, ...rest } = figuresFor(req);
    res.json({ ...rest, at: String(at), figures: list.map(figureToJson) });
  };

  const figuresCsvHandler: RequestHandler = (req, res) => {
    const { figures: list, date } = figuresFor(req);
    const dialect = csvDialectOf(req, res);
    res
      .type('text/csv; charset=utf-8')
      .attachment(`qantar-figures-${date}${dialect.delimiter === ';' ? '-excel' : ''}.csv`)
      .send(figuresCsv(list, dialect));
  };

  const metricJson = (m: Metric) => ({ ...m, definedAt: String(m.definedAt) });

  const metrics: RequestHandler = (req, res) => {
    const q = parseQuery(metricsQuery, req);
    const at = atOf(q.at);
    const list = reader.listMetrics(at);
    if (!q.lang) return void res.json({ at: String(at), metrics: list.map(metricJson) });
    // Each text in the language asked for where the archive has one in force; each says its language.
    const text = reader.textsIn('metric', q.lang, at);
    const inLanguage = (m: Metric) => {
      const label = text(m.id, 'label', m.label);
      const description = text(m.id, 'description', m.description);
      return { label: label.text, labelLanguage: label.language, description: description.text, descriptionLanguage: description.language };
    };
    res.json({ at: String(at), lang: q.lang, metrics: list.map((m) => ({ ...metricJson(m), ...inLanguage(m) })) });
  };

  const metric: RequestHandler = (req, res) => {
    const at = atOf(parseQuery(atQuery, req).at);
    const id = String(req.params.id);
    const found = reader.getMetric(id, at);
    if (!found) throw new HttpError(404, `No metric "${id}"`);
    res.json({ at: String(at), metric: metricJson(found), figures: reader.metricHistory(id, { at }).map(figureToJson) });
  };

  return { statements, statement, figures, figuresCsv: figuresCsvHandler, metrics, metric };
}
