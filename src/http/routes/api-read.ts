import type { Request, RequestHandler } from 'express';
import { z } from 'zod';
import type { Metric } from '../../../projections/catalogue/catalogue.js';
import { todayInAlmaty } from '../../format/dates.js';
import { figureToJson, statementToJson } from '../../present/json.js';
import type { AppContext } from '../context.js';
import { HttpError } from '../errors.js';
import { figuresCsv } from '../present/figures-csv.js';
import { apiStatementsMax, apiStatementsQuery, figuresQuery, parseQuery, position, resolveAt } from '../query.js';

const atQuery = z.object({ at: z.preprocess((v) => (v === '' ? undefined : v), position.optional()) });

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
    const at = atOf(q.at);
    const filters = { at, topic: q.topic, body: q.body, kind: q.kind, until: q.until };
    const limit = q.limit ?? apiStatementsMax;
    const offset = q.offset ?? 0;
    const list = reader.listStatements({ ...filters, limit, offset });
    // The total is what a client pages through: the statements in force that match, in date order.
    res.json({ at: String(at), total: reader.countStatements(filters), offset, limit, statements: list.map(statementToJson) });
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
    res
      .type('text/csv; charset=utf-8')
      .attachment(`qantar-figures-${date}.csv`)
      .send(figuresCsv(list));
  };

  const metricJson = (m: Metric) => ({ ...m, definedAt: String(m.definedAt) });

  const metrics: RequestHandler = (req, res) => {
    const at = atOf(parseQuery(atQuery, req).at);
    res.json({ at: String(at), metrics: reader.listMetrics(at).map(metricJson) });
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
