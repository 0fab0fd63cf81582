import { Router, type Request } from 'express';
import { findingsAsOf } from '../../../projections/checks/findings.js';
import { checksCsv } from '../../exports/csv.js';
import { formatPartialDate, todayInAlmaty } from '../../format/dates.js';
import { findingToJson } from '../../present/checks-json.js';
import type { AppContext } from '../context.js';
import { findingView } from '../present/finding-view.js';
import { link } from '../present/links.js';
import { choosePage, pagerView } from '../present/pager.js';
import { apiChecksQuery, apiFindingsMax, checksPageQuery, parseQuery, resolveAt, timesQuery } from '../query.js';
import { archiveTime } from './shared.js';

/** Resolved findings on one page of /checks: a large archive can have tens of thousands. */
export const resolvedPageSize = 100;

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
    const q = parseQuery(checksPageQuery, req);
    const time = archiveTime(req, context, q.at);
    const { at, linkAt } = time;
    const { date, known, findings } = findingsFor(q, at);
    // At most one finding per relation holds on the date: all are shown. Resolved ones come a page at a time.
    const resolved = findings.filter((f) => f.until !== null);
    const page = choosePage(resolved.length, resolvedPageSize, q.page, (n) => `the resolved findings have ${n} ${n === 1 ? 'page' : 'pages'}`);
    const shown = resolved.slice(page.offset, page.offset + resolvedPageSize);
    const pageHref = (n: number) => link('/checks', { date, known, at: linkAt, page: n === page.pages ? undefined : n });
    const dataQuery = { date, known, at: linkAt };
    res.render('pages/checks', {
      ...(await time.page(`Consistency checks as of ${formatPartialDate(date)}`)),
      date,
      dateText: formatPartialDate(date),
      known,
      knownText: known && formatPartialDate(known),
      at: linkAt,
      holding: findings.filter((f) => f.until === null).map((f) => findingView(f, linkAt)),
      resolved: shown.map((f) => findingView(f, linkAt)),
      resolvedCount: resolved.length,
      paging: pagerView(page, shown.length, resolved.length, pageHref),
      csvHref: link('/api/checks.csv', dataQuery),
      jsonHref: link('/api/checks', dataQuery),
    });
  });

  router.get('/api/checks', (req, res) => {
    const q = parseQuery(apiChecksQuery, req);
    const { at } = resolveAt(context.readModel, q.at);
    const { date, known, findings } = findingsFor(q, at);
    const limit = q.limit ?? apiFindingsMax;
    const offset = q.offset ?? 0;
    // The total is what a client pages through: every finding up to the date, holding or resolved, in date order.
    res.json({
      date,
      known: known ?? null,
      at: String(at),
      total: findings.length,
      offset,
      limit,
      findings: findings.slice(offset, offset + limit).map(findingToJson),
    });
  });

  router.get('/api/checks.csv', (req, res) => {
    const { q, at } = read(req);
    const { date, findings } = findingsFor(q, at);
    res.type('text/csv; charset=utf-8').attachment(`qantar-checks-${date}.csv`).send(checksCsv(findings));
  });

  return router;
}
