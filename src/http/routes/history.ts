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
const historyQuery = z
  .object({
    at: z.preprocess(blank, position.optional()),
    /** Cursor: the events strictly before this position (the oldest one of the page before). */
    before: z.preprocess(blank, position.optional()),
    /** Cursor: the events strictly after this position (the newest one of the page before), towards the newest. */
    after: z.preprocess(blank, position.optional()),
    limit: z.preprocess(blank, z.coerce.number().int('must be a whole number').min(1).max(500).default(50)),
  })
  .refine((q) => q.before === undefined || q.after === undefined, { path: ['after'], message: 'cannot be given with before' });

/** The archive's event types, each named in the reader's language (history:type.*); another is shown by its name alone. */
const eventTypes = new Set(['MetricDefined', 'RelationDeclared', 'StatementPublished', 'StatementCorrected', 'StatementRetracted', 'TextTranslated']);

/** The page an event changed, pinned at the event's own position: the archive right after it. */
function pageOf(e: RecordedEvent): string {
  const at = String(e.position);
  for (const [prefix, path] of [['statement-', '/statements/'], ['metric-', '/metrics/']] as const) {
    if (e.stream.startsWith(prefix)) return link(`${path}${e.stream.slice(prefix.length)}`, { at });
  }
  return link('/checks', { at });
}

/**
 * One page of the log, newest first, and the positions its neighbours start from: both ways it
 * is a read from a position in the log, so the 3,000th page costs what the first does. Each
 * read asks for two events more than a page: reads include their start, and one more tells
 * whether another page follows.
 */
async function historyPage(context: AppContext, at: number, q: Readonly<{ before?: number; after?: number; limit: number }>) {
  const read = (direction: 'forwards' | 'backwards', from: number) =>
    context.store.readAll({ direction, fromPosition: BigInt(from), maxCount: q.limit + 2, streamPrefixes: archiveStreamPrefixes });
  if (q.after !== undefined) {
    // Towards the newest, up to the position the page is read at; shown newest first like every page.
    const events = (await read('forwards', q.after)).filter((e) => e.position > BigInt(q.after!) && e.position <= BigInt(at));
    const page = events.slice(0, q.limit).reverse();
    return { page, newer: events.length > q.limit ? page[0]?.position : undefined, older: page[page.length - 1]?.position };
  }
  const events = (await read('backwards', q.before === undefined ? at : Math.min(at, q.before))).filter(
    (e) => q.before === undefined || e.position < BigInt(q.before),
  );
  const page = events.slice(0, q.limit);
  return {
    page,
    newer: q.before !== undefined ? page[0]?.position : undefined,
    older: events.length > q.limit ? page[page.length - 1]?.position : undefined,
  };
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
    const { page, older, newer } = await historyPage(context, at, q);
    const limit = q.limit === 50 ? undefined : q.limit;
    const l = time.localized;
    res.render('pages/history', {
      ...(await time.page(l.t('history:title'))),
      rows: page.map((e) => ({
        position: String(e.position),
        recordedAt: formatInstant(e.recordedAt, l.lang),
        recordedAtIso: e.recordedAt,
        type: e.type,
        typeLabel: eventTypes.has(e.type) ? l.t(`history:type.${e.type}`) : undefined,
        stream: e.stream,
        appendedBy: appendedByView(e.metadata, l),
        href: pageOf(e),
        timelineHref: link('/', { at: String(e.position) }),
      })),
      next: older && link('/history', { at: linkAt, before: String(older), limit }),
      previous: newer && link('/history', { at: linkAt, after: String(newer), limit }),
      first: q.before !== undefined || q.after !== undefined ? link('/history', { at: linkAt }) : undefined,
      exportHref: link('/api/export.ndjson', { at: linkAt }),
    });
  });
  return router;
}
