import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { recordedAtFor, writeArchiveFile } from '../../bench/archive-file.js';
import { randomQueries } from '../../bench/benchmarks/as-of.js';
import { searchQueries } from '../../bench/benchmarks/search.js';
import { generateArchive, type ArchiveShape } from '../../bench/generate.js';
import { firstDay } from '../../events/schema/dates.js';
import type { ArchiveEvent, StatementEvent } from '../../events/types.js';
import { toArchiveEvent } from '../../events/validate.js';
import { appendArchiveEvents, toNewEvent } from '../../src/domain/append.js';
import { evolveStatement, type StatementState } from '../../src/domain/statement-state.js';
import { catchUp } from '../../src/read-model/follow.js';
import { figuresAsOf } from '../../projections/figures/figures.js';
import { openReadModel, sqliteHandleOf } from '../../src/read-model/read-model.js';
import { sqliteArchiveReader } from '../../src/read-model/reader.js';
import type { RecordedEvent } from '../../src/store/port.js';
import { getSqliteEventStore } from '../../src/store/sqlite.js';

// Keeps the benchmark harness from rotting: its generator, its bulk loader and the rebuild it
// times, at a tiny size. No timing is asserted here; `npm run bench` prints the figures.
const tiny: ArchiveShape = { seed: 7, events: 1200, metrics: 40, years: 3 };

const dirs: string[] = [];
const tempDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qantar-bench-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

const ids = (events: ArchiveEvent[]) => events.map((e) => toNewEvent(e, 'import').id);

describe('the synthetic archive generator', () => {
  it('gives the same events, and so the same ids, for the same seed; others for another seed', () => {
    const first = [...generateArchive(tiny)];
    const again = [...generateArchive(tiny)];
    expect(again).toEqual(first);
    expect(ids(again)).toEqual(ids(first));
    expect(new Set(ids(first)).size).toBe(first.length);
    const other = [...generateArchive({ ...tiny, seed: 8 })];
    expect(ids(other)).not.toEqual(ids(first));
  });

  it('writes the requested number of events, valid under the real schemas, corrections included', () => {
    const events = [...generateArchive(tiny)];
    expect(events).toHaveLength(tiny.events);
    for (const event of events) expect(toArchiveEvent(JSON.parse(JSON.stringify(event)))).toEqual(event);
    const types = new Set(events.map((e) => e.type));
    expect(types).toContain('MetricDefined');
    expect(types).toContain('StatementPublished');
    expect(types).toContain('StatementCorrected');
  });
});

describe('the bulk loader and the rebuild it feeds', () => {
  it('writes the same log as the real append path, its log-wide chain included', async () => {
    const events = [...generateArchive({ ...tiny, events: 150 })];
    const dir = tempDir();
    // The loader's clock: each event recorded at the time it gives the event's position.
    let appends = 0;
    const store = getSqliteEventStore(path.join(dir, 'appended.db'), { now: () => new Date(recordedAtFor(++appends)) });
    // One call per event: a batch is checked against the log before any of it is written.
    for (const event of events) await appendArchiveEvents(store, [event], { via: 'import' });
    await store.close();
    await writeArchiveFile(path.join(dir, 'loaded.db'), events);
    const rows = (file: string, table: string) => {
      const db = new Database(file, { readonly: true });
      try {
        return db.prepare(`SELECT * FROM ${table} ORDER BY position`).all();
      } finally {
        db.close();
      }
    };
    for (const table of ['events', 'log_chain']) {
      const appended = rows(path.join(dir, 'appended.db'), table);
      expect(appended).toHaveLength(events.length);
      expect(rows(path.join(dir, 'loaded.db'), table), table).toEqual(appended);
    }
  });

  it('rebuilds a read model that answers as-of queries as a brute-force fold of the log does', async () => {
    const dir = tempDir();
    const logFile = path.join(dir, 'log.db');
    await writeArchiveFile(logFile, generateArchive(tiny));
    const store = getSqliteEventStore(logFile);
    const readModel = openReadModel(path.join(dir, 'read.db'));
    const reader = sqliteArchiveReader(readModel);
    await catchUp(store, readModel);

    const check = async () => {
      const log = await store.readAll();
      const head = Number(log[log.length - 1]!.position);
      const queries = [
        ...randomQueries(1, 60, head, tiny.years!),
        { date: '9999-12-31', known: '9999-12-31', at: head },
        { date: '2023-06-30', known: '2023-06-30', at: head, topic: 'victims' },
      ];
      for (const q of queries) {
        const answer = reader.figuresAsOf(q).map((f) => [f.metric, f.value, f.statementId, f.position]);
        expect(answer, JSON.stringify(q)).toEqual(bruteForceAsOf(log, q));
        // The reader answers from its in-memory index; SQLite's own query, without one, must agree.
        expect(figuresAsOf(sqliteHandleOf(readModel), q), JSON.stringify(q)).toEqual(reader.figuresAsOf(q));
      }
    };
    await check();

    // New events after the rebuild: a correction and a retraction, through the real path.
    const published = (await store.readAll()).filter((e) => e.type === 'StatementPublished').slice(-3);
    const [corrected, retracted] = published.map((e) => (e.data as { id: string }).id);
    const original = published[0]!.data as { figures: { metric: string; unit: string; value: number; wording: string }[] };
    await appendArchiveEvents(
      store,
      [
        toArchiveEvent({
          type: 'StatementCorrected',
          data: {
            statementId: corrected,
            reason: 'figure mistyped',
            changes: { figures: original.figures.map((f) => ({ metric: f.metric, unit: f.unit, value: f.value + 1, wording: f.wording })) },
          },
        }),
        toArchiveEvent({ type: 'StatementRetracted', data: { statementId: retracted, reason: 'entered in error' } }),
      ],
      { via: 'cli' },
    );
    await catchUp(store, readModel);
    await check();
    readModel.close();
    await store.close();
  });
});

type Query = Readonly<{ date: string; known: string; at: number; topic?: string }>;

/** DESIGN.md's "figures as of", from the log alone: fold every stream up to `at`, then pick. */
function bruteForceAsOf(log: readonly RecordedEvent[], q: Query) {
  const metrics = new Map<string, { topic: string }>();
  const statements = new Map<string, { state: StatementState; position: number }>();
  for (const e of log) {
    if (Number(e.position) > q.at) break;
    if (e.type === 'MetricDefined') {
      const data = e.data as { id: string; topic: string };
      metrics.set(data.id, { topic: data.topic });
    } else if (e.type.startsWith('Statement')) {
      const event = { type: e.type, data: e.data } as StatementEvent;
      const id = event.type === 'StatementPublished' ? event.data.id : event.data.statementId;
      statements.set(id, { state: evolveStatement(statements.get(id)?.state, event), position: Number(e.position) });
    }
  }
  // DESIGN.md's order: asOf, then a date the source gives over one the archive inferred, then publication, position, order.
  type Candidate = { key: [string, number, string, number, number]; metric: string; value: number; statementId: string; position: number };
  const sourceDated = (inferred: boolean | 'year') => (inferred === 'year' ? 0 : inferred ? 1 : 2);
  const best = new Map<string, Candidate>();
  for (const [statementId, { state, position }] of statements) {
    if (state.status === 'retracted' || firstDay(state.statement.publishedOn) > q.known) continue;
    state.statement.figures.forEach((f, ord) => {
      if (firstDay(f.asOf) > q.date) return;
      const c: Candidate = { key: [firstDay(f.asOf), sourceDated(f.asOfInferred), firstDay(state.statement.publishedOn), position, ord], metric: f.metric, value: f.value, statementId, position };
      const current = best.get(f.metric);
      if (!current || compareKeys(c.key, current.key) > 0) best.set(f.metric, c);
    });
  }
  return [...best.values()]
    .filter((c) => metrics.has(c.metric) && (!q.topic || metrics.get(c.metric)!.topic === q.topic))
    .sort((a, b) => {
      const ta = metrics.get(a.metric)!.topic;
      const tb = metrics.get(b.metric)!.topic;
      return ta < tb ? -1 : ta > tb ? 1 : a.metric < b.metric ? -1 : a.metric > b.metric ? 1 : 0;
    })
    .map((c) => [c.metric, c.value, c.statementId, c.position]);
}

function compareKeys(a: readonly (string | number)[], b: readonly (string | number)[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
  return 0;
}

describe('the search benchmark', () => {
  it('builds the read model it needs, and measures words the archive holds beside bare FTS5 on the same table', async () => {
    const dir = tempDir();
    const logFile = path.join(dir, 'log.db');
    await writeArchiveFile(logFile, [...generateArchive({ ...tiny, events: 300 })]);
    const result = await searchQueries(logFile, path.join(dir, 'read.db'), tiny.seed, 30);
    expect(result.queries).toBe(30);
    expect(result.documents).toBeGreaterThan(300);
    // Every word comes from an indexed text: each query finds at least that text.
    expect(result.meanMatches).toBeGreaterThan(0);
    expect(result.p99).toBeGreaterThan(0);
    expect(result.limitP99).toBeGreaterThan(0);
  });
});
