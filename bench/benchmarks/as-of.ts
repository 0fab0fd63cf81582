import { openReadModel, sqliteHandleOf } from '../../src/read-model/read-model.js';
import { sqliteArchiveReader } from '../../src/read-model/reader.js';
import { rng } from '../prng.js';
import { now, round, summarise } from '../stats.js';

const dayMs = 86_400_000;
const dayOf = (n: number) => new Date(Date.UTC(2021, 6, 1) + n * dayMs).toISOString().slice(0, 10);

/** Random (date, known, at) triples over the archive's span: every one of the three times varies. */
export function randomQueries(seed: number, count: number, head: number, years: number) {
  const r = rng(seed, 'as-of-queries');
  const span = Math.round((years + 1) * 365.25);
  return Array.from({ length: count }, () => ({
    date: dayOf(r.int(0, span)),
    known: dayOf(r.int(0, span)),
    at: r.int(1, head),
  }));
}

/** `figures as of` in process, on a read model opened as a restarted server would open it. */
export function asOfQueries(readModelFile: string, seed: number, count: number, years: number) {
  const readModel = openReadModel(readModelFile);
  const reader = sqliteArchiveReader(readModel);
  const head = Number(readModel.checkpoint() ?? 0n);
  const queries = randomQueries(seed, count, head, years);

  // The first query pays for whatever the read model loads lazily; it is reported apart.
  let started = now();
  reader.figuresAsOf({ date: '2030-01-01' });
  const firstMs = now() - started;

  const metrics = reader.listMetrics().length;
  let figures = 0;
  const ms = queries.map((q) => {
    const t = now();
    figures += reader.figuresAsOf(q).length;
    return now() - t;
  });
  // The limit: as many figure rows as an answer holds, fetched by id with no search at all.
  const db = sqliteHandleOf(readModel);
  const ids = db.prepare('SELECT id FROM figures').pluck().all() as number[];
  const fetch = db.prepare('SELECT * FROM figures WHERE id IN (SELECT value FROM json_each(?))').raw();
  const perAnswer = Math.round(figures / count);
  const r = rng(seed, 'as-of-limit');
  const limitMs = queries.slice(0, Math.min(1000, count)).map(() => {
    const sample = JSON.stringify(Array.from({ length: perAnswer }, () => ids[r.int(0, ids.length - 1)]));
    const t = now();
    fetch.all(sample);
    return now() - t;
  });
  readModel.close();
  const measured = summarise(ms);
  const limit = summarise(limitMs);
  return {
    metrics,
    ...measured,
    firstQueryMs: round(firstMs, 1),
    meanFiguresPerAnswer: perAnswer,
    limitP99: limit.p99,
    ratio: round(measured.p99 / limit.p99, 2),
  };
}
