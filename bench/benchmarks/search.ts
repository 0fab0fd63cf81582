import { catchUp } from '../../src/read-model/follow.js';
import { openReadModel, sqliteHandleOf } from '../../src/read-model/read-model.js';
import { sqliteArchiveReader } from '../../src/read-model/reader.js';
import { getSqliteEventStore } from '../../src/store/sqlite.js';
import { searchMatchesRead } from '../../projections/search/query.js';
import { rng } from '../prng.js';
import { now, round, summarise } from '../stats.js';

/**
 * Words a reader would type: each taken from an indexed text (a title, a wording, a source),
 * a third of them as a prefix (the first four letters and *), so that rare and common words
 * are asked for as often as the archive holds them.
 */
function sampleQueries(texts: readonly string[], seed: number, count: number): string[] {
  const r = rng(seed, 'search-queries');
  const out: string[] = [];
  while (out.length < count) {
    const words = (texts[r.int(0, texts.length - 1)] ?? '').match(/\p{L}{4,}/gu) ?? [];
    const word = words[r.int(0, Math.max(0, words.length - 1))];
    if (!word) continue;
    out.push(r.chance(1 / 3) ? `${word.slice(0, 4)}*` : word);
  }
  return out;
}

/**
 * reader.search (the count, then the best 20 with highlight and snippet, at the head) on the bench
 * archive's read model; the limit is the bare FTS5 work the same answer needs on the same table:
 * the latest matches it reads, ranked, the best 20 taken and the rest counted, with no join to
 * the documents' filters, no highlight and no snippet.
 */
export async function searchQueries(logFile: string, readModelFile: string, seed: number, count: number) {
  const store = getSqliteEventStore(logFile);
  const readModel = openReadModel(readModelFile);
  // Run alone (--only=search), the read model may be another version's: it is rebuilt first.
  await catchUp(store, readModel);
  readModel.settle?.();
  await store.close();
  const reader = sqliteArchiveReader(readModel);
  const db = sqliteHandleOf(readModel);
  const texts = db.prepare('SELECT title FROM search_docs WHERE id % 97 = 0').pluck().all() as string[];
  const documents = (db.prepare('SELECT count(*) FROM search_docs').pluck().get() as number) ?? 0;
  const queries = sampleQueries(texts, seed, count);

  let started = now();
  reader.search({ q: queries[0]! });
  const firstMs = now() - started;

  let hits = 0;
  const ms = queries.map((q) => {
    const t = now();
    hits += reader.search({ q, limit: 20 }).total;
    return now() - t;
  });

  const bare = db.prepare(
    `WITH matches AS MATERIALIZED (
       SELECT rowid AS id, bm25(search_text, 4.0, 1.0) AS score FROM search_text WHERE search_text MATCH ? ORDER BY rowid DESC LIMIT ${searchMatchesRead + 1})
     SELECT id, (SELECT count(*) FROM matches) FROM matches ORDER BY score LIMIT 20`,
  );
  // The same words as the reader quotes them, so both sides search the same terms.
  const quoted = (q: string) => (q.endsWith('*') ? `"${q.slice(0, -1)}"*` : `"${q}"`);
  const limitMs = queries.map((q) => {
    const match = quoted(q);
    started = now();
    bare.all(match);
    return now() - started;
  });
  readModel.close();
  const measured = summarise(ms);
  const limit = summarise(limitMs);
  return {
    documents,
    queries: count,
    meanMatches: Math.round(hits / count),
    ...measured,
    firstQueryMs: round(firstMs, 1),
    limitP50: limit.p50,
    limitP99: limit.p99,
    ratio: round(measured.p99 / limit.p99, 2),
  };
}
