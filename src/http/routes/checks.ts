import { Router, type Request } from 'express';
import { findingsAsOf } from '../../../projections/checks/findings.js';
import { checksCsv } from '../../exports/csv.js';
import { formatPartialDate, todayInAlmaty } from '../../format/dates.js';
import { findingToJson } from '../../present/checks-json.js';
import type { AppContext } from '../context.js';
import { findingView } from '../present/finding-view.js';
import { link } from '../present/links.js';
import { parseQuery, resolveAt, timesQuery } from '../query.js';
import { archiveTime } from './shared.js';

/** GET /checks (HTML), /api/checks (JSON) and /api/checks.csv: where official figures contradict each other. */
export function checksRoutes(context: AppContext): Router {
  const router = Router();
  const db = () => context.readModel.db;

  // The query is parsed once per request; `at` is resolved against the read model's head.
  const read = (req: Request) => {
    const q = parseQuery(timesQuery, req);
    return { q, ...resolveAt(context.readModel, q.at) };
  };
  const findingsFor = (q: ReturnType<typeof read>['q'], at: number) => {
    const date = q.date ?? todayInAlmaty(context.now());
    return { date, known: q.known, findings: findingsAsOf(db(), { date, known: q.known, at }) };
  };

  router.get('/checks', async (req, res) => {
    const q = parseQuery(timesQuery, req);
    const time = archiveTime(req, context, q.at);
    const { at, linkAt } = time;
    const { date, known, findings } = findingsFor(q, at);
    const views = findings.map((f) => findingView(f, linkAt));
    const dataQuery = { date, known, at: linkAt };
    res.render('pages/checks', {
      ...(await time.page(`Consistency checks as of ${formatPartialDate(date)}`)),
      date,
      dateText: formatPartialDate(date),
      known,
      knownText: known && formatPartialDate(known),
      at: linkAt,
      holding: views.filter((v) => v.holds),
      resolved: views.filter((v) => !v.holds),
      csvHref: link('/api/checks.csv', dataQuery),
      jsonHref: link('/api/checks', dataQuery),
    });
  });

  router.get('/api/checks', (req, res) => {
    const { q, at } = read(req);
    const { date, known, findings } = findingsFor(q, at);
    res.json({ date, known: known ?? null, at: String(at), findings: findings.map(findingToJson) });
  });

  router.get('/api/checks.csv', (req, res) => {
    const { q, at } = read(req);
    const { date, findings } = findingsFor(q, at);
    res.type('text/csv; charset=utf-8').attachment(`qantar-checks-${date}.csv`).send(checksCsv(findings));
  });

  return router;
}
