import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateArchive } from '../../bench/generate.js';
import { firstDay } from '../../events/schema/dates.js';
import { loadArchiveDirectories } from '../../events/seed.js';
import type { ArchiveEvent } from '../../events/types.js';
import { evaluateEachCheck, freshChecksOf } from '../../src/read-model/fresh-checks.js';
import { countFindings, eachFindingsChunk, findingsAsOf, findingsInDateOrder, findingsWindowAsOf, openFindingsByMetric, openFindingsOn } from '../../projections/checks/findings.js';
import { listStatements } from '../../projections/statements/statements.js';
import { sortFindings } from '../../src/domain/checks/evaluate.js';
import { appendArchiveEvents } from '../../src/domain/append.js';
import { openReadModel, type ReadModel } from '../../src/read-model/read-model.js';
import { getInMemoryEventStore } from '../../src/store/memory.js';
import type { RecordedEvent } from '../../src/store/port.js';
import { correction, retraction } from '../fixtures/archive.js';
import { dumpTables } from '../fixtures/read-model.js';
import { sqliteHandleOf } from '../../src/read-model/read-model.js';

/** Findings as JSON carries them: what is compared is what a reader would see. */
const plain = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;

/** Every check evaluated afresh from the figures: the answer the read model must keep. */
const fresh = (readModel: ReadModel, date: string) => [...evaluateEachCheck(sqliteHandleOf(readModel), { date })].map((c) => c.findings);

const staleChecks = (readModel: ReadModel) => (sqliteHandleOf(readModel).prepare('SELECT count(*) AS n FROM stale_checks').get() as { n: number }).n;
const storedFindings = (readModel: ReadModel) => (sqliteHandleOf(readModel).prepare('SELECT count(*) AS n FROM findings').get() as { n: number }).n;

/** Days figures in the read model describe (`most` of them, spread out), their eves, and days before and after them all. */
function datesOf(readModel: ReadModel, most = Infinity): string[] {
  const all = [...new Set(listStatements(sqliteHandleOf(readModel), {}).flatMap((s) => s.statement.figures.map((f) => firstDay(f.asOf))))].sort();
  const step = Math.max(1, Math.ceil(all.length / most));
  const days = all.filter((_, i) => i % step === 0);
  const eve = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  return [...new Set([...days, ...days.map(eve), '2021-12-31', '9999-12-31'])].sort();
}

/** The stored findings, through every query that reads them, equal a fresh evaluation on each date. */
function expectKeptEqualsFresh(readModel: ReadModel, dates: readonly string[]): void {
  expect(staleChecks(readModel)).toBe(0);
  const head = Number(readModel.checkpoint() ?? 0n);
  for (const date of dates) {
    const byCheck = fresh(readModel, date);
    const inDateOrder = sortFindings(byCheck.flat());
    expect(plain(findingsAsOf(sqliteHandleOf(readModel), freshChecksOf(sqliteHandleOf(readModel)), { date })), `findingsAsOf ${date}`).toEqual(plain(inDateOrder));
    expect(plain(findingsAsOf(sqliteHandleOf(readModel), freshChecksOf(sqliteHandleOf(readModel)), { date, known: '9999-12-31', at: head })), `known and at ${date}`).toEqual(plain(inDateOrder));
    expect(plain([...eachFindingsChunk(sqliteHandleOf(readModel), freshChecksOf(sqliteHandleOf(readModel)), { date })].flat()), `the CSV's order ${date}`).toEqual(plain(byCheck.flat()));
    expect(plain([...findingsInDateOrder(sqliteHandleOf(readModel), freshChecksOf(sqliteHandleOf(readModel)), { date }, 7)].flat()), `the CLI's chunks ${date}`).toEqual(plain(inDateOrder));
    expect(countFindings(sqliteHandleOf(readModel), freshChecksOf(sqliteHandleOf(readModel)), { date })).toEqual({ total: inDateOrder.length, holding: inDateOrder.filter((f) => f.until === null).length });
    const open = openFindingsOn(sqliteHandleOf(readModel), { date, at: head });
    expect(open && plain([...open]), `open on ${date}`).toEqual(plain([...openFindingsByMetric(inDateOrder)]));
    const offset = Math.floor(inDateOrder.length / 2);
    const window = findingsWindowAsOf(sqliteHandleOf(readModel), freshChecksOf(sqliteHandleOf(readModel)), { date }, (places) => {
      expect(places.map((p) => [p.relationId, p.date, p.until])).toEqual(inDateOrder.map((f) => [f.relationId, f.date, f.until]));
      return [offset, offset + 1, offset + 2];
    });
    expect(window.total).toBe(inDateOrder.length);
    expect(plain(window.findings), `a page from ${offset} on ${date}`).toEqual(plain(inDateOrder.slice(offset, offset + 3)));
  }
}

/** Relations the generator does not declare: running totals, and a partition of a national figure by two regions. */
function moreRelations(events: readonly ArchiveEvent[]): ArchiveEvent[] {
  const metrics = events.flatMap((e) => (e.type === 'MetricDefined' ? [e.data] : []));
  const national = metrics.filter((m) => m.parent === undefined);
  const regional = (id: string) => metrics.filter((m) => m.parent === id).map((m) => m.id);
  const split = national.find((m) => regional(m.id).length >= 2);
  return [
    ...national.slice(0, 6).map((m): ArchiveEvent => ({ type: 'RelationDeclared', data: { id: `${m.id}-running-total`, kind: 'cumulative', metric: m.id, phrase: 'a running total' } })),
    ...(split ? [{ type: 'RelationDeclared', data: { id: `${split.id}-two-regions`, kind: 'partition', whole: split.id, parts: regional(split.id).slice(0, 2), phrase: 'two regions make the whole' } } as ArchiveEvent] : []),
  ];
}

/** Corrections and retractions of generated statements, as an editor would append them later. */
function edits(events: readonly ArchiveEvent[], pick: readonly number[]): ArchiveEvent[] {
  const retracted = new Set(events.flatMap((e) => (e.type === 'StatementRetracted' ? [e.data.statementId] : [])));
  const statements = events.flatMap((e) => (e.type === 'StatementPublished' && e.data.figures.length > 0 && !retracted.has(e.data.id) ? [e.data] : []));
  return pick.flatMap((n, i) => {
    const s = statements[n % statements.length]!;
    if (retracted.has(s.id)) return [];
    if (i % 3 === 2) {
      retracted.add(s.id);
      return [retraction(s.id, `entered in error (${i})`)];
    }
    const figures = s.figures.map((f, k) => (k === 0 ? { ...f, value: f.value * 3 + i, qualifier: 'exact' as const, bounds: { lower: f.value * 3 + i, upper: f.value * 3 + i }, wording: `${f.value * 3 + i}` } : f));
    return [correction(s.id, { figures }, `mistyped (${i})`)];
  });
}

async function logOf(events: readonly ArchiveEvent[]): Promise<RecordedEvent[]> {
  const store = getInMemoryEventStore({ now: () => new Date('2026-01-01T00:00:00Z') });
  await appendArchiveEvents(store, events, { via: 'import' });
  return store.readAll();
}

/** Applies the log in batches of the given sizes, cycling through them, calling `after` after each. */
function applyInBatches(readModel: ReadModel, log: readonly RecordedEvent[], sizes: readonly number[], after: () => void): void {
  for (let start = 0, i = 0; start < log.length; i++) {
    const size = sizes[i % sizes.length]!;
    readModel.apply(log.slice(start, start + size));
    start += size;
    after();
  }
}

describe('the findings read model', () => {
  it('keeps what a fresh evaluation finds, on generated archives, as events arrive in batches of any size', { timeout: 300_000 }, async () => {
    let compared = 0;
    let found = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.integer({ min: 150, max: 400 }),
        fc.array(fc.integer({ min: 30, max: 700 }), { minLength: 1, maxLength: 4 }),
        fc.array(fc.nat(), { maxLength: 12 }),
        async (seed, size, batches, picked) => {
          const generated = [...generateArchive({ seed, events: size, metrics: 40, years: 1 })];
          const metricsEnd = generated.findIndex((e) => e.type === 'StatementPublished');
          const relations = moreRelations(generated);
          // Some relations declared before any figure, one after most of them.
          const events = [...generated.slice(0, metricsEnd), ...relations.slice(1), ...generated.slice(metricsEnd), relations[0]!, ...edits(generated, picked)];
          const log = await logOf(events);
          const readModel = openReadModel(':memory:');
          try {
            // A batch of 500 or more is a catch-up's: its checks wait for settle, and the answers for a fresh evaluation.
            applyInBatches(readModel, log, batches, () => {
              if (staleChecks(readModel) > 0) return;
              expectKeptEqualsFresh(readModel, ['2022-06-01', '9999-12-31']);
              compared++;
            });
            readModel.settle?.();
            expectKeptEqualsFresh(readModel, datesOf(readModel, 12));
            compared++;
            found += storedFindings(readModel);
          } finally {
            readModel.close();
          }
        },
      ),
      { numRuns: 8 },
    );
    // Not vacuous: the archives held findings, and the read model answered while they arrived.
    expect(found).toBeGreaterThan(50);
    expect(compared).toBeGreaterThan(8);
  });

  it('is the same rows whether built event by event or rebuilt from empty in one batch', async () => {
    const generated = [...generateArchive({ seed: 7, events: 900, metrics: 40, years: 1 })];
    const log = await logOf([...generated, ...moreRelations(generated), ...edits(generated, [3, 50, 97, 140, 201, 260])]);
    const live = openReadModel(':memory:');
    const rebuilt = openReadModel(':memory:');
    try {
      for (const event of log) live.apply([event]);
      rebuilt.apply(log);
      expect(staleChecks(rebuilt)).toBeGreaterThan(0);
      rebuilt.settle?.();
      expect(storedFindings(live)).toBeGreaterThan(0);
      expect(dumpTables(sqliteHandleOf(rebuilt))).toBe(dumpTables(sqliteHandleOf(live)));
    } finally {
      live.close();
      rebuilt.close();
    }
  });

  it('keeps what a fresh evaluation finds on the seed and the reports, through a correction', { timeout: 120_000 }, async () => {
    const { events } = loadArchiveDirectories();
    const readModel = openReadModel(':memory:');
    try {
      const log = await logOf([
        ...events,
        // A statement with figures corrected in another field: the evidence findings show changes with it.
        correction('hearing-2023-01-05-law-enforcement', { title: 'Corrected title' }),
      ]);
      for (let i = 0; i < log.length; i += 40) readModel.apply(log.slice(i, i + 40));
      expectKeptEqualsFresh(readModel, datesOf(readModel));
      expect(findingsAsOf(sqliteHandleOf(readModel), freshChecksOf(sqliteHandleOf(readModel)), { date: '9999-12-31' }).map((f) => f.kind)).toEqual(expect.arrayContaining(['subset', 'cumulative', 'disagreement']));
    } finally {
      readModel.close();
    }
  });

  it('streams the answer at one position, though the log moves on between chunks', async () => {
    const generated = [...generateArchive({ seed: 11, events: 600, metrics: 40, years: 1 })];
    const later = edits(generated, [5, 60, 120, 180, 240, 300, 360, 420]);
    const log = await logOf([...generated, ...moreRelations(generated), ...later]);
    const readModel = openReadModel(':memory:');
    try {
      readModel.apply(log.slice(0, -later.length));
      readModel.settle?.();
      const at = Number(readModel.checkpoint());
      const expected = fresh(readModel, '9999-12-31').flat();
      expect(expected.length).toBeGreaterThan(40);
      const chunks = eachFindingsChunk(sqliteHandleOf(readModel), freshChecksOf(sqliteHandleOf(readModel)), { date: '9999-12-31', at }, 10);
      const streamed = [...chunks.next().value!];
      // A client reads slowly; meanwhile the editors' corrections and retractions arrive.
      for (const event of log.slice(-later.length)) readModel.apply([event]);
      expect(plain(findingsAsOf(sqliteHandleOf(readModel), freshChecksOf(sqliteHandleOf(readModel)), { date: '9999-12-31' }))).not.toEqual(plain(sortFindings([...expected])));
      for (const chunk of chunks) streamed.push(...chunk);
      expect(plain(streamed)).toEqual(plain(expected));
    } finally {
      readModel.close();
    }
  });
});
