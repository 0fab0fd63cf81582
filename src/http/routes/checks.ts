import { Router } from 'express';
import { once } from 'node:events';
import type { FindingPlace } from '../../../projections/checks/findings.js';
import type { Finding } from '../../domain/checks/types.js';
import { checksCsv } from '../../exports/csv.js';
import { formatPartialDate, todayInAlmaty } from '../../format/dates.js';
import { findingToJson } from '../../present/checks-json.js';
import type { AppContext } from '../context.js';
import { cursorAt, findingCursor } from '../cursor.js';
import { heavyReadGate } from '../heavy-reads.js';
import { findingView, findingWords } from '../present/finding-view.js';
import { pageLanguage } from '../language.js';
import { translator } from '../../i18n/messages.js';
import { link } from '../present/links.js';
import { choosePage, pagerView, type Page } from '../present/pager.js';
import { apiChecksQuery, apiFindingsMax, checksPageQuery, parseQuery, resolveAt, timesQuery } from '../query.js';
import { archiveTime } from './shared.js';

/** Resolved findings on one page of /checks: a large archive can have tens of thousands. */
export const resolvedPageSize = 100;

/** GET /checks (HTML), /api/checks (JSON) and /api/checks.csv: where official figures contradict each other. */
export function checksRoutes(context: AppContext): Router {
  const router = Router();
  const { reader } = context;
  const heavy = heavyReadGate();

  const checksQuery = (q: { date?: string; known?: string }, at: number) => ({ date: q.date ?? todayInAlmaty(context.now()), known: q.known, at });

  router.get('/checks', async (req, res) => {
    const q = parseQuery(checksPageQuery, req);
    const time = archiveTime(req, context, q.at);
    const { at, linkAt } = time;
    const { date, known } = checksQuery(q, at);
    const lang = pageLanguage(res);
    const t = translator(lang);
    // At most one finding per relation holds on the date: all are shown. Resolved ones come a page at a time.
    let resolvedCount = 0;
    let page!: Page;
    const choose = (places: readonly FindingPlace[]) => {
      const resolved = places.flatMap((p, i) => (p.until === null ? [] : [i]));
      resolvedCount = resolved.length;
      page = choosePage(resolved.length, resolvedPageSize, q.page, (n) => t('checks:pageCount', { count: n }));
      const holding = places.flatMap((p, i) => (p.until === null ? [i] : []));
      return [...holding, ...resolved.slice(page.offset, page.offset + resolvedPageSize)];
    };
    // The latest page (the default) and the earliest lie among each relation's last and first
    // page of findings: those are kept from the first pass, and only other pages need a second.
    const keep = (f: Finding, rank: number, ofRelation: number) =>
      f.until === null || rank < resolvedPageSize || rank >= ofRelation - resolvedPageSize - 1;
    const { findings } = await heavy(() => reader.findingsWindowAsOf({ date, known, at }, choose, keep));
    const shown = findings.filter((f) => f.until !== null);
    const pageHref = (n: number) => link('/checks', { date, known, at: linkAt, page: n === page.pages ? undefined : n });
    const dataQuery = { date, known, at: linkAt };
    const dateText = formatPartialDate(date, lang);
    const words = findingWords(reader, lang, at);
    res.render('pages/checks', {
      ...(await time.page(t('checks:title', { date: dateText }))),
      date,
      dateText,
      known,
      knownText: known && formatPartialDate(known, lang),
      at: linkAt,
      holding: findings.filter((f) => f.until === null).map((f) => findingView(f, linkAt, words)),
      resolved: shown.map((f) => findingView(f, linkAt, words)),
      paging: pagerView(page, shown.length, resolvedCount, pageHref),
      csvHref: link('/api/checks.csv', dataQuery),
      jsonHref: link('/api/checks', dataQuery),
    });
  });

  router.get('/api/checks', async (req, res) => {
    const q = parseQuery(apiChecksQuery, req);
    const head = resolveAt(context.reader, undefined).at;
    const { date, known, at } = checksQuery(q, resolveAt(context.reader, cursorAt(q.at, q.after, 'after', head)).at);
    const limit = q.limit ?? apiFindingsMax;
    // A cursor's window starts right after its key; an offset's, that many findings in.
    const offset = q.after ? 0 : (q.offset ?? 0);
    let following = 0;
    // A window that starts near the beginning lies among each relation's first offset + limit findings.
    const { total, findings } = await heavy(() =>
      reader.findingsWindowAsOf(
        { date, known, at, after: q.after?.key },
        (places) => {
          following = places.length - offset - limit;
          return places.slice(offset, offset + limit).map((_, i) => offset + i);
        },
        (_f, rank) => !q.after && offset + limit <= apiFindingsMax && rank < offset + limit,
      ),
    );
    const last = findings[findings.length - 1];
    // `next` carries the position this window was read at: following it pages through one state of the archive.
    const next = following > 0 && last ? findingCursor.encode({ at, key: { relationId: last.relationId, date: last.date } }) : null;
    const window = q.after ? { after: findingCursor.encode(q.after) } : { offset };
    // The total is what a client pages through: every finding up to the date, holding or resolved, in date order.
    res.json({ date, known: known ?? null, at: String(at), total, ...window, limit, next, findings: findings.map(findingToJson) });
  });

  // Every finding, one relation after another (each in date order), a chunk at a time: the next
  // chunk is read only once the client has taken the last, so neither side holds the whole file.
  router.get('/api/checks.csv', async (req, res) => {
    const q = parseQuery(timesQuery, req);
    const { date, known, at } = checksQuery(q, resolveAt(context.reader, q.at).at);
    await heavy(async () => {
      // Typed here, once it is sure to be a CSV: a 503 from the gate is JSON.
      res.type('text/csv; charset=utf-8').attachment(`qantar-checks-${date}.csv`);
      let header = true;
      for (const findings of reader.eachFindingsChunk({ date, known, at })) {
        if (res.destroyed) return;
        const written = res.write(checksCsv(findings, header));
        header = false;
        if (!written) await Promise.race([once(res, 'drain'), once(res, 'close')]);
      }
      res.end(header ? checksCsv([], true) : undefined);
    });
  });

  return router;
}
