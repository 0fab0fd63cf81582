import { Router } from 'express';
import { z } from 'zod';
import { dayDate } from '../../../events/schema/dates.js';
import type { Comparison } from '../../../projections/figures/compare.js';
import { comparisonCsv } from '../../exports/csv.js';
import { formatPartialDate } from '../../format/dates.js';
import { comparisonToJson } from '../../present/checks-json.js';
import type { AppContext } from '../context.js';
import { comparisonView } from '../present/comparison-view.js';
import { link } from '../present/links.js';
import { parseQuery, position, resolveAt } from '../query.js';
import { archiveTime } from './shared.js';

const blank = (v: unknown) => (v === '' ? undefined : v);
const required = z.preprocess(blank, z.string({ error: 'is required: a day written YYYY-MM-DD' }).pipe(dayDate));
const optionalDay = z.preprocess(blank, dayDate.optional());
const rest = { known: optionalDay, at: z.preprocess(blank, position.optional()), topic: z.preprocess(blank, z.string().max(300).optional()) };

/** The API needs both dates; the page shows its form until it has them. */
const apiQuery = z.object({ from: required, to: required, ...rest });
const pageQuery = z.object({ from: optionalDay, to: optionalDay, ...rest });

/** GET /compare (HTML), /api/compare (JSON) and /api/compare.csv: what changed between two dates. */
export function compareRoutes(context: AppContext): Router {
  const router = Router();
  const { reader } = context;
  const compare = (q: z.output<typeof apiQuery>, at: number): Comparison =>
    reader.compareDates({ from: q.from, to: q.to, known: q.known, at, topic: q.topic });

  router.get('/compare', async (req, res) => {
    const q = parseQuery(pageQuery, req);
    const time = archiveTime(req, context, q.at);
    const { at, linkAt } = time;
    const ready = q.from !== undefined && q.to !== undefined;
    const comparison = ready ? compare({ ...q, from: q.from!, to: q.to! }, at) : undefined;
    const dataQuery = { from: q.from, to: q.to, known: q.known, at: linkAt, topic: q.topic };
    const l = time.localized;
    const title = ready
      ? l.t('compare:titleDates', { from: formatPartialDate(q.from!, l.lang), to: formatPartialDate(q.to!, l.lang) })
      : l.t('compare:title');
    res.render('pages/compare', {
      ...(await time.page(title)),
      from: q.from,
      to: q.to,
      known: q.known,
      topic: q.topic,
      at: linkAt,
      comparison: comparison && comparisonView(comparison, linkAt, l),
      csvHref: link('/api/compare.csv', dataQuery),
      jsonHref: link('/api/compare', dataQuery),
    });
  });

  router.get('/api/compare', (req, res) => {
    const q = parseQuery(apiQuery, req);
    const { at } = resolveAt(context.reader, q.at);
    res.json({ known: q.known ?? null, at: String(at), ...comparisonToJson(compare(q, at)) });
  });

  router.get('/api/compare.csv', (req, res) => {
    const q = parseQuery(apiQuery, req);
    const { at } = resolveAt(context.reader, q.at);
    res.type('text/csv; charset=utf-8').attachment(`qantar-compare-${q.from}-${q.to}.csv`).send(comparisonCsv(compare(q, at)));
  });

  return router;
}
