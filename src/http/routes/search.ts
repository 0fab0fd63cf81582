import type { RequestHandler } from 'express';
import { z } from 'zod';
import { ValidationError, type FieldIssue } from '../../../events/validate.js';
import { languages } from '../../../events/schema/statement.js';
import { searchKinds } from '../../../projections/search/documents.js';
import { searchLimitMax, type SearchAnswer, type SearchQuery } from '../../../projections/search/query.js';
import type { AppContext } from '../context.js';
import { cursorAt, searchCursor } from '../cursor.js';
import { humanize } from '../present/labels.js';
import { link } from '../present/links.js';
import { hitLinks, hitView, languageNames, searchKindNames } from '../present/search-view.js';
import { parseQuery, position, resolveAt } from '../query.js';
import { archiveTime } from './shared.js';

/** An empty form field (`?kind=`) means "not given", as a browser sends it. */
const blank = (v: unknown) => (v === '' ? undefined : v);
const text = z.preprocess(blank, z.string().optional());

/**
 * The query string as text: the reader checks what each value means (an empty query, an unknown
 * kind, a day that is not one) and names the field; here only the paging is read.
 */
const searchParams = z.object({
  q: z.preprocess((v) => v ?? '', z.string({ error: 'must be given once' })),
  lang: text,
  kind: text,
  from: text,
  to: text,
  topic: text,
  at: z.preprocess(blank, position.optional()),
  limit: z.preprocess(
    blank,
    z
      .string()
      .regex(/^\d{1,3}$/, 'must be a number of results, a whole number')
      .transform(Number)
      .refine((n) => n >= 1 && n <= searchLimitMax, `must be between 1 and ${searchLimitMax}`)
      .optional(),
  ),
  after: z.preprocess(blank, searchCursor.param.optional()),
});
type SearchParams = z.output<typeof searchParams>;

/** Results on one page of /search. */
export const searchPageSize = 20;

export function searchRoutes(context: AppContext): { api: RequestHandler; page: RequestHandler } {
  const { reader } = context;

  /** The search at the cursor's log position (or `at`, or the head), and the cursor of the page after it. */
  const run = (p: SearchParams, at: number, limit: number): { answer: SearchAnswer; offset: number; next: string | null } => {
    const offset = p.after?.key ?? 0;
    // The filters go as they came: the reader refuses an unknown language or kind by name.
    const filters = { lang: p.lang, kind: p.kind } as Pick<SearchQuery, 'lang' | 'kind'>;
    const answer = reader.search({ q: p.q, ...filters, from: p.from, to: p.to, topic: p.topic, at, limit, offset });
    const more = offset + answer.hits.length < answer.total;
    return { answer, offset, next: more ? searchCursor.encode({ at, key: offset + answer.hits.length }) : null };
  };
  const atOf = (p: SearchParams) => cursorAt(p.at, p.after, 'after', Number(reader.checkpoint() ?? 0n));

  const api: RequestHandler = (req, res) => {
    const p = parseQuery(searchParams, req);
    const at = resolveAt(reader, atOf(p)).at;
    const limit = p.limit ?? searchPageSize;
    const { answer, offset, next } = run(p, at, limit);
    res.json({
      q: p.q,
      at: String(at),
      total: answer.total,
      offset,
      limit,
      next,
      results: answer.hits.map((hit) => ({
        kind: hit.kind,
        id: hit.ref,
        metric: hit.metric,
        lang: hit.lang,
        day: hit.day,
        label: hit.label,
        text: hit.title.map((s) => s.text).join(''),
        title: hit.title,
        snippet: hit.snippet,
        url: hitLinks(hit, undefined).href,
        since: String(hit.since),
      })),
    });
  };

  const page: RequestHandler = async (req, res) => {
    const p = parseQuery(searchParams, req);
    const time = archiveTime(req, context, atOf(p));
    const { at, linkAt } = time;
    const kept = { q: p.q, lang: p.lang, kind: p.kind, from: p.from, to: p.to, topic: p.topic };
    const form = {
      ...kept,
      at: linkAt,
      kinds: searchKinds.map((value) => ({ value, label: searchKindNames[value], selected: value === p.kind })),
      languages: languages.map((value) => ({ value, label: languageNames[value], selected: value === p.lang })),
      topics: reader.timelineFacets(at).topics.map((value) => ({ value, label: humanize(value), selected: value === p.topic })),
    };
    const title = p.q.trim() ? `Search: ${p.q.trim()}` : 'Search';
    // No words yet: the form alone, as a reader arriving from the menu sees it.
    if (!p.q.trim() && !p.after) return void res.render('pages/search', { ...(await time.page('Search')), form });
    let found: ReturnType<typeof run>;
    try {
      found = run(p, at, searchPageSize);
    } catch (error) {
      // A client asking for JSON gets the error handler's answer, issues and all, as on every page.
      if (!(error instanceof ValidationError) || !req.accepts('html')) throw error;
      return void res.status(400).render('pages/search', { ...(await time.page(title)), form, errors: fieldErrors(error.issues) });
    }
    const { answer, offset, next } = found;
    res.render('pages/search', {
      ...(await time.page(title)),
      form,
      results: {
        total: answer.total,
        first: offset + 1,
        last: offset + answer.hits.length,
        hits: answer.hits.map((hit) => hitView(hit, linkAt)),
        next: next && link('/search', { ...kept, after: next }),
        // Back to the first page, at the same position: a cursor leads on, and the first page starts again.
        first_page: offset > 0 ? link('/search', { ...kept, at }) : undefined,
      },
      jsonHref: link('/api/search', { ...kept, at: linkAt }),
    });
  };

  return { api, page };
}

/** Each refused field once, by name, for the form to show beside it. */
function fieldErrors(issues: readonly FieldIssue[]): Record<string, string> {
  return Object.fromEntries(issues.map((i) => [i.path || 'q', i.message]).reverse());
}

