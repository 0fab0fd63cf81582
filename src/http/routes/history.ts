import { Router } from 'express';
import { z } from 'zod';
import { archiveStreamPrefixes } from '../../../events/types.js';
import type { RecordedEvent } from '../../store/port.js';
import { formatInstant } from '../../format/dates.js';
import type { AppContext } from '../context.js';
import { appendedByView } from '../present/appended-by.js';
import { link } from '../present/links.js';
import { parseQuery, position } from '../query.js';
import { archiveTime } from './shared.js';

const blank = (v: unknown) => (v === '' ? undefined : v);
const historyQuery = z.object({
  at: z.preprocess(blank, position.optional()),
  /** Cursor: the events strictly before this position (the last one of the previous page). */
  before: z.preprocess(blank, position.optional()),
  limit: z.preprocess(blank, z.coerce.number().int('must be a whole number').min(1).max(500).default(50)),
});

/** The page an event changed, pinned at the event's own position: the archive right after it. */
function pageOf(e: RecordedEvent): string {
  const at = String(e.position);
  for (const [prefix, path] of [['statement-', '/statements/'], ['metric-', '/metrics/']] as const) {
    if (e.stream.startsWith(prefix)) return link(`${path}${e.stream.slice(prefix.length)}`, { at });
  }
  return link('/checks', { at });
}

/**
 * GET /history: the log itself, newest first, a page at a time. It reads the store, not a read
 * model, so it shows exactly what was recorded; it stops at the position the other pages are
 * read at, so a pinned history page never grows.
 */
export function historyRoutes(context: AppContext): Router {
  const router = Router();
  router.get('/history', async (req, res) => {
    const q = parseQuery(historyQuery, req);
    const time = archiveTime(req, context, q.at);
    const { at, linkAt } = time;
    const from = q.before === undefined ? at : Math.min(at, q.before);
    // Backwards reads include their start; one more than a page tells whether another page follows.
    const read = await context.store.readAll({
      direction: 'backwards',
      fromPosition: BigInt(from),
      maxCount: q.limit + 2,
      streamPrefixes: archiveStreamPrefixes,
    });
    const events = read.filter((e) => q.before === undefined || e.position < BigInt(q.before));
    const page = events.slice(0, q.limit);
    const last = page[page.length - 1];
    res.render('pages/history', {
      ...(await time.page('History of the archive')),
      rows: page.map((e) => ({
        position: String(e.position),
        recordedAt: formatInstant(e.recordedAt),
        recordedAtIso: e.recordedAt,
        type: e.type,
        stream: e.stream,
        appendedBy: appendedByView(e.metadata),
        href: pageOf(e),
        timelineHref: link('/', { at: String(e.position) }),
      })),
      next: events.length > q.limit && last ? link('/history', { at: linkAt, before: String(last.position), limit: q.limit === 50 ? undefined : q.limit }) : undefined,
      first: q.before !== undefined ? link('/history', { at: linkAt }) : undefined,
      exportHref: link('/api/export.ndjson', { at: linkAt }),
    });
  });
  return router;
}
