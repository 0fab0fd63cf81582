/**
 * One as-of rule (projections/figures/as-of-rule.ts), two engines: SQLite's query and the in-memory
 * index. On generated archives (corrections, retractions, inferred dates, months), for random
 * (date, known, at), both give the same figures, including after events arrive once the index is built.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateArchive } from '../../bench/generate.js';
import { asOfIndexOf } from '../../projections/figures/as-of-index.js';
import { figuresAsOf, type AsOfQuery } from '../../projections/figures/figures.js';
import { appendArchiveEvents } from '../../src/domain/append.js';
import { openReadModel, sqliteHandleOf } from '../../src/read-model/read-model.js';
import { getInMemoryEventStore } from '../../src/store/memory.js';

const dayMs = 86_400_000;
const dayOf = (n: number) => new Date(Date.UTC(2021, 11, 1) + n * dayMs).toISOString().slice(0, 10);

const query = fc.record({
  date: fc.integer({ min: 0, max: 500 }).map(dayOf),
  known: fc.option(fc.integer({ min: 0, max: 500 }).map(dayOf), { nil: undefined }),
  at: fc.option(fc.integer({ min: 0, max: 1_000 }), { nil: undefined }),
});

describe('the as-of rule: SQL and the in-memory index agree', () => {
  it('on generated archives, for random date, known and at, before and after more events arrive', async () => {
    let figuresSeen = 0;
    let differentAnswers = 0;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 60, max: 300 }), fc.array(query, { minLength: 20, maxLength: 20 }), async (seed, size, queries) => {
        const store = getInMemoryEventStore({ now: () => new Date('2026-01-01T00:00:00Z') });
        await appendArchiveEvents(store, [...generateArchive({ seed, events: size, metrics: 12, years: 1 })], { via: 'import' });
        const log = await store.readAll();
        const readModel = openReadModel(':memory:');
        try {
          const db = sqliteHandleOf(readModel);
          const index = asOfIndexOf(db);
          const half = Math.floor(log.length / 2);
          for (const e of log.slice(0, half)) readModel.apply([e]);
          const agree = (q: AsOfQuery) => {
            // The index answers (it falls back to SQL only while a rebuild's ranks are unwritten).
            expect(index().complete()).toBe(true);
            const fromSql = figuresAsOf(db, q);
            const fromIndex = figuresAsOf(db, q, index);
            expect(fromIndex, JSON.stringify(q)).toEqual(fromSql);
            figuresSeen += fromSql.length;
            return fromSql;
          };
          const before = queries.map(agree);
          // The index is built; the rest of the log arrives in a few batches (new figures, and corrections closing old ones).
          for (let i = half; i < log.length; i += 37) readModel.apply(log.slice(i, i + 37));
          queries.forEach((q, i) => {
            if (JSON.stringify(agree(q)) !== JSON.stringify(before[i])) differentAnswers++;
          });
        } finally {
          readModel.close();
        }
      }),
      { numRuns: 12 },
    );
    // Not vacuous: answers held figures, and the later events changed some of them.
    expect(figuresSeen).toBeGreaterThan(200);
    expect(differentAnswers).toBeGreaterThan(0);
  });
});
