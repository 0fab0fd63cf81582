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
import { endonym } from '../../i18n/languages.js';
import { translator } from '../../i18n/messages.js';
import { pageLanguage } from '../language.js';
import { hitLinks, hitView } from '../present/search-view.js';
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
const pageParams = searchParams.omit({ lang: true }).extend({ in: text });

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
      // More texts match than one search reads: total is a lower bound, the results the best of the latest.
      more: answer.more,
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
    // On a page `lang` is the interface's language (src/http/language.ts): the texts' language is `in`.
    const { in: textLanguage, ...rest } = parseQuery(pageParams, req);
    const p: SearchParams = { ...rest, lang: textLanguage };
    const language = pageLanguage(res);
    const t = translator(language);
    const time = archiveTime(req, context, atOf(p));
    const { at, linkAt } = time;
    const kept = { q: p.q, in: textLanguage, kind: p.kind, from: p.from, to: p.to, topic: p.topic };
    const topicName = reader.textsIn('topic', language, at);
    const form = {
      ...kept,
      at: linkAt,
      kinds: searchKinds.map((value) => ({ value, label: t(`search:kind.${value}`), selected: value === p.kind })),
      languages: languages.map((value) => ({ value, label: endonym[value], selected: value === textLanguage })),
      topics: reader.timelineFacets(at).topics.map((value) => ({ value, label: topicName(value, 'name', humanize(value)).text, selected: value === p.topic })),
    };
    const words = p.q.trim();
    const title = words ? t('search:titleWith', { q: words }) : t('search:title');
    // No words yet: the form alone, as a reader arriving from the menu sees it.
    if (!words && !p.after) return void res.render('pages/search', { ...(await time.page(title)), form });
    let found: ReturnType<typeof run>;
    try {
      found = run(p, at, searchPageSize);
    } catch (error) {
      // A client asking for JSON gets the error handler's answer, issues and all, as on every page.
      if (!(error instanceof ValidationError) || !req.accepts('html')) throw error;
      return void res.status(400).render('pages/search', { ...(await time.page(title)), form, errors: fieldErrors(error.issues) });
    }
    const { answer, offset, next } = found;
    const hits = answer.hits.map((hit) => ({ ...hitView(hit, linkAt, language), kindName: t(`search:kind.${hit.kind}`) }));
    res.render('pages/search', {
      ...(await time.page(title)),
      form,
      results: {
        total: answer.total,
        more: answer.more,
        first: offset + 1,
        last: offset + answer.hits.length,
        hits,
        next: next && link('/search', { ...kept, after: next }),
        // Back to the first page, at the same position: a cursor leads on, and the first page starts again.
        firstPage: offset > 0 ? link('/search', { ...kept, at }) : undefined,
      },
      jsonHref: link('/api/search', { q: p.q, lang: textLanguage, kind: p.kind, from: p.from, to: p.to, topic: p.topic, at: linkAt }),
    });
  };

  return { api, page };
}

/** Each refused field once, by its name on the form, to show beside it. */
function fieldErrors(issues: readonly FieldIssue[]): Record<string, string> {
  const field = (path: string) => (path === 'lang' ? 'in' : path || 'q');
  return Object.fromEntries(issues.map((i) => [field(i.path), i.message]).reverse());
}

