import type Database from 'better-sqlite3';
import { z } from 'zod';
import { dayDate } from '../../events/schema/dates.js';
import { language, slug, type Language } from '../../events/schema/statement.js';
import { parseOrThrow } from '../../events/validate.js';
import { endOfLog, preparedFor } from '../projection.js';
import { searchKinds, type SearchKind } from './documents.js';
import { matchExpression } from './match-expression.js';
import { markEnd, markStart } from './search.js';

/** The longest query accepted: long enough for a sentence pasted from a statement. */
export const searchQueryMax = 200;
/** The most results one answer holds. */
export const searchLimitMax = 100;

/**
 * A search as a reader asks for it; checked here, whatever calls it, so that a bad one is
 * refused with the field named before any SQL runs.
 */
export const searchQuery = z
  .strictObject({
    q: z
      .string({ error: 'must be the words to look for' })
      .trim()
      .max(searchQueryMax, `must be at most ${searchQueryMax} characters`)
      .superRefine((q, ctx) => {
        if (!q) ctx.addIssue({ code: 'custom', message: 'must not be empty: give a word to look for' });
        else if (matchExpression(q) === undefined) ctx.addIssue({ code: 'custom', message: 'must contain a letter or a digit' });
      }),
    lang: language.optional(),
    kind: z.enum(searchKinds, { error: `must be one of ${searchKinds.join(', ')}` }).optional(),
    from: dayDate.optional(),
    to: dayDate.optional(),
    topic: slug.optional(),
    at: z.number().int().min(0).optional(),
    limit: z.number().int().min(1).max(searchLimitMax).optional(),
    offset: z.number().int().min(0).max(1_000_000).optional(),
  })
  .superRefine((q, ctx) => {
    if (q.from && q.to && q.from > q.to) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' });
  });

export type SearchQuery = z.input<typeof searchQuery>;

/** Part of a text: a match (shown marked) or the text between matches. */
export type Segment = Readonly<{ text: string; match: boolean }>;

export type SearchHit = Readonly<{
  kind: SearchKind;
  /** The statement or metric the result belongs to. */
  ref: string;
  /** A figure's metric, or the metric itself. */
  metric: string | null;
  lang: Language;
  /** The statement's (first) day; null for a metric. */
  day: string | null;
  /** The statement's title or the metric's label, in the result's language where the archive has it. */
  label: string;
  /** The indexed title (the title, wording, source title or label) with its matches marked. */
  title: Segment[];
  /** The best passage of the rest (summary, quote, speaker; publisher; description), matches marked. */
  snippet: Segment[];
  /** The log position from which the archive has held this text. */
  since: number;
}>;

/**
 * How many matching texts one search reads at most: a word in most of a million-event archive
 * would otherwise cost a pass over all its matches to count and rank them. The most recent
 * matches (in log order) are the ones read; past this many, `total` is this many and `more` says so.
 * Each match read costs about 10 µs (bm25 half of it, the join to its filters the rest; measured
 * on the benchmark's archive), so a search costs at most some 20 ms however large the archive.
 */
export const searchMatchesRead = 2_000;

export type SearchAnswer = Readonly<{
  /** How many texts match, up to searchMatchesRead. */
  total: number;
  /** More texts match than were read: `total` is a lower bound, and the results the best of the latest. */
  more: boolean;
  hits: SearchHit[];
}>;

/**
 * Results by relevance (bm25, a title match weighing more than one in the body), then in log
 * order, among the latest searchMatchesRead matches: the cost is bounded whatever the archive's size.
 */
export function searchArchive(db: Database.Database, input: SearchQuery): SearchAnswer {
  const q = parseOrThrow(searchQuery, input);
  const params = {
    match: matchExpression(q.q)!,
    at: q.at ?? endOfLog,
    lang: q.lang ?? null,
    kind: q.kind ?? null,
    from: q.from ?? null,
    to: q.to ?? null,
    topic: q.topic ? ` ${q.topic} ` : null,
    read: searchMatchesRead + 1,
  };
  const r = reads(db);
  const page = r.page.all({ ...params, limit: q.limit ?? 20, offset: q.offset ?? 0 });
  // A page past the end has no row to carry the count: it is counted on its own.
  const counted = page[0]?.counted ?? r.count.get(params)!.n;
  const ids = page.map((row) => row.id);
  const marked = ids.length
    ? new Map(r.marked.all({ match: params.match, low: Math.min(...ids), high: Math.max(...ids), ids: JSON.stringify(ids) }).map((m) => [m.id, m]))
    : new Map<number, { title: string; snippet: string }>();
  const hits = ids.map((id) => toHit({ ...r.doc.get(id)!, ...marked.get(id)! }));
  return { total: Math.min(counted, searchMatchesRead), more: counted > searchMatchesRead, hits };
}

const filters = `
  search_text MATCH @match
  AND d.from_position <= @at AND (d.until_position IS NULL OR d.until_position > @at)
  AND (@lang IS NULL OR d.lang = @lang) AND (@kind IS NULL OR d.kind = @kind)
  AND (@from IS NULL OR d.day >= @from) AND (@to IS NULL OR d.day <= @to)
  AND (@topic IS NULL OR instr(d.topics, @topic) > 0)`;

/** The latest matches first, in the index's own rowid order (no sort), as many as are read. */
const latestMatches = `
  SELECT search_text.rowid AS id, bm25(search_text, 4.0, 1.0) AS score
    FROM search_text JOIN search_docs d ON d.id = search_text.rowid
   WHERE ${filters}
   ORDER BY search_text.rowid DESC LIMIT @read`;

type Params = {
  match: string; at: number; lang: string | null; kind: string | null; from: string | null; to: string | null; topic: string | null; read: number;
};
type Row = Omit<SearchHit, 'title' | 'snippet' | 'since'> & { title: string; snippet: string; since: number };

const reads = preparedFor((db) => ({
  count: db.prepare<[Params], { n: number }>(`SELECT count(*) AS n FROM (${latestMatches})`),
  page: db.prepare<[Params & { limit: number; offset: number }], { id: number; counted: number }>(
    `WITH matches AS MATERIALIZED (${latestMatches})
     SELECT id, (SELECT count(*) FROM matches) AS counted FROM matches ORDER BY score, id DESC LIMIT @limit OFFSET @offset`,
  ),
  // Highlighting is done for the page's texts only, in one pass over the matches between the
  // page's lowest and highest rowid (FTS5 seeks to a rowid range; a lookup per rowid read the
  // term's whole posting list each time). The bounds are cast: better-sqlite3 binds a JS number
  // as a REAL, and FTS5 (SQLite 3.53) given MATCH and rowid = 2.0 answered with another row.
  marked: db.prepare<[{ match: string; low: number; high: number; ids: string }], { id: number; title: string; snippet: string }>(
    `SELECT rowid AS id, highlight(search_text, 0, char(2), char(3)) AS title, snippet(search_text, 1, char(2), char(3), '…', 32) AS snippet
       FROM search_text
      WHERE search_text MATCH @match AND rowid BETWEEN CAST(@low AS INTEGER) AND CAST(@high AS INTEGER)
        AND +rowid IN (SELECT value FROM json_each(@ids))`,
  ),
  doc: db.prepare<[number], Omit<Row, 'title' | 'snippet'>>(
    'SELECT kind, ref, metric, lang, day, label, from_position AS since FROM search_docs WHERE id = ?',
  ),
}));

const toHit = (r: Row): SearchHit => ({ ...r, title: segments(r.title), snippet: segments(r.snippet) });

/** Splits a highlighted text at its marks; the text stays text, for the page to escape. */
export function segments(marked: string): Segment[] {
  const out: Segment[] = [];
  let match = false;
  for (const piece of marked.split(new RegExp(`([${markStart}${markEnd}])`))) {
    if (piece === markStart) match = true;
    else if (piece === markEnd) match = false;
    else if (piece) out.push({ text: piece, match });
  }
  return out;
}
