import { describe, expect, it } from 'vitest';
import { appendArchiveEvents } from '../../src/domain/append.js';
import { catchUp } from '../../src/read-model/follow.js';
import { openReadModel, sqliteHandleOf } from '../../src/read-model/read-model.js';
import type { ArchiveReader } from '../../src/reader/port.js';
import { correction, metric, retraction, smallArchive, statement } from '../fixtures/archive.js';
import { archiveWith, dumpTables } from '../fixtures/read-model.js';

const valueOf = (figures: { metric: string; value: number }[], metric: string) =>
  figures.find((f) => f.metric === metric)?.value;

describe('figures as of a date: the three times', () => {
  it('valid time: each metric takes its latest figure describing the date or earlier', async () => {
    const { reader } = await archiveWith(smallArchive);
    const nov = reader.figuresAsOf({ date: '2022-11-01' });
    expect(nov.map((f) => [f.metric, f.value, f.qualifier])).toEqual([['amnestied', 1000, 'over']]);
    const dec = reader.figuresAsOf({ date: '2022-12-15' });
    expect(valueOf(dec, 'convicted')).toBe(1100);
    const jan = reader.figuresAsOf({ date: '2023-01-05' });
    expect(valueOf(jan, 'amnestied')).toBe(1095);
    expect(valueOf(jan, 'convicted')).toBe(1205);
  });

  it('a date before any statement gives no figure, not an error', async () => {
    const { reader } = await archiveWith(smallArchive);
    expect(reader.figuresAsOf({ date: '2021-12-31' })).toEqual([]);
  });

  it('publication time: known= drops what was published later, even about an earlier day', async () => {
    const { reader } = await archiveWith(smallArchive);
    const knownInJanuary = reader.figuresAsOf({ date: '2022-12-15', known: '2023-01-10' });
    expect(valueOf(knownInJanuary, 'convicted')).toBeUndefined();
    const knownInFebruary = reader.figuresAsOf({ date: '2022-12-15', known: '2023-02-01' });
    expect(valueOf(knownInFebruary, 'convicted')).toBe(1100);
  });

  it('archive time: at= shows the log as it stood at that position', async () => {
    const { store, reader } = await archiveWith(smallArchive);
    const beforeHearing = Number((await store.readAll()).find((e) => e.stream === 'statement-hearing')!.position) - 1;
    const then = reader.figuresAsOf({ date: '2023-01-05', at: beforeHearing });
    expect(then.map((f) => [f.metric, f.value])).toEqual([['amnestied', 1000]]);
  });

  it('a correction applies from its position on; earlier positions keep the original', async () => {
    const { store, readModel, reader } = await archiveWith(smallArchive);
    const before = Number(await store.headPosition());
    await appendArchiveEvents(
      store,
      [
        correction('hearing', {
          figures: [
            { metric: 'amnestied', value: 1059, unit: 'persons', wording: '1,059 persons' },
            { metric: 'convicted', value: 1205, unit: 'persons', wording: '1,205 persons' },
          ],
        }),
      ],
      { via: 'cli' },
    );
    await catchUp(store, readModel);
    expect(valueOf(reader.figuresAsOf({ date: '2023-01-05' }), 'amnestied')).toBe(1059);
    expect(valueOf(reader.figuresAsOf({ date: '2023-01-05', at: before }), 'amnestied')).toBe(1095);
    expect(reader.statementHistory('hearing').map((v) => [v.eventType, v.reason])).toEqual([
      ['StatementPublished', null],
      ['StatementCorrected', 'transcription error'],
    ]);
  });

  it('a retracted statement drops out; the figure before it stands again', async () => {
    const { store, readModel, reader } = await archiveWith(smallArchive);
    const before = Number(await store.headPosition());
    await appendArchiveEvents(store, [retraction('hearing')], { via: 'cli' });
    await catchUp(store, readModel);
    const now = reader.figuresAsOf({ date: '2023-01-05' });
    expect(valueOf(now, 'amnestied')).toBe(1000);
    expect(valueOf(now, 'convicted')).toBe(1100);
    expect(valueOf(reader.figuresAsOf({ date: '2023-01-05', at: before }), 'amnestied')).toBe(1095);
    expect(reader.listStatements().map((v) => v.statement.id)).not.toContain('hearing');
    expect(reader.listStatements({ includeRetracted: true }).find((v) => v.statement.id === 'hearing')?.status).toBe(
      'retracted',
    );
  });

  it('ties on asOf go to the later-published statement', async () => {
    const { reader } = await archiveWith(smallArchive);
    const history = reader.metricHistory('convicted');
    expect(history.map((f) => [f.asOf, f.value])).toEqual([
      ['2022-12-01', 1100],
      ['2023-01-05', 1205],
    ]);
  });
});

describe('the timeline', () => {
  it('lists statements in date order up to a date', async () => {
    const { reader } = await archiveWith(smallArchive);
    expect(reader.listStatements({ until: '2023-01-05' }).map((v) => v.statement.id)).toEqual([
      'law-approved',
      'hearing',
    ]);
  });
});

describe('the timeline, a page at a time', () => {
  it('pages with limit and offset, from either end, in date order, and counts what it pages', async () => {
    const { store, readModel, reader } = await archiveWith(smallArchive);
    await appendArchiveEvents(store, [retraction('hearing')], { via: 'cli' });
    await catchUp(store, readModel);
    const all = reader.listStatements({ includeRetracted: true }).map((v) => v.statement.id);
    expect(all.length).toBeGreaterThan(2);
    const ids = (q: Parameters<ArchiveReader['listStatements']>[0]) => reader.listStatements(q).map((v) => v.statement.id);
    expect(ids({ includeRetracted: true, limit: 2 })).toEqual(all.slice(0, 2));
    expect(ids({ includeRetracted: true, limit: 2, offset: 1 })).toEqual(all.slice(1, 3));
    expect(ids({ includeRetracted: true, limit: 2, fromEnd: true })).toEqual(all.slice(-2));
    expect(ids({ includeRetracted: true, limit: 1, offset: 1, fromEnd: true })).toEqual(all.slice(-2, -1));
    expect(ids({ includeRetracted: true, offset: all.length })).toEqual([]);
    expect(reader.statementCounts({ includeRetracted: true })).toEqual({ total: all.length, retracted: 1 });
    expect(reader.countStatements()).toBe(all.length - 1);
    expect(reader.countStatements({ until: '2023-01-05' })).toBe(reader.listStatements({ until: '2023-01-05' }).length);
    expect(reader.countStatements({ kind: 'law' })).toBe(reader.listStatements({ kind: 'law' }).length);
    // Counts and facets at an earlier position are those of the archive then, cache or not.
    const before = Number(await store.headPosition()) - 1;
    expect(reader.statementCounts({ at: before, includeRetracted: true })).toEqual({ total: all.length, retracted: 0 });
    expect(reader.timelineFacets(before).kinds).toEqual([...new Set(reader.listStatements({ at: before }).map((v) => v.statement.kind))].sort());
  });

  it('counts at the head follow corrections that move a statement between kinds and bodies, and retractions', async () => {
    const { store, readModel, reader } = await archiveWith(smallArchive);
    const speaker = { name: 'Marat Akhmetzhanov', role: 'Minister of Internal Affairs', body: 'Ministry of Internal Affairs' };
    await appendArchiveEvents(store, [correction('hearing', { kind: 'report', speaker }), retraction('late-report')], { via: 'cli' });
    await catchUp(store, readModel);
    const live = reader.listStatements({ includeRetracted: true });
    // Every (body, kind) the archive holds, counted from the table the projection keeps and from the versions themselves.
    for (const body of [...new Set(live.map((v) => v.statement.speaker.body)), 'No such body']) {
      for (const kind of ['announcement', 'report', 'law']) {
        const listed = live.filter((v) => v.statement.speaker.body === body && v.statement.kind === kind);
        expect(reader.statementCounts({ body, kind, includeRetracted: true }), `${body} / ${kind}`).toEqual({
          total: listed.length,
          retracted: listed.filter((v) => v.status === 'retracted').length,
        });
      }
    }
    expect(reader.statementCounts({ kind: 'report' })).toEqual({ total: 1, retracted: 0 });
    expect(reader.statementCounts({ kind: 'announcement', includeRetracted: true })).toEqual({ total: 2, retracted: 1 });
    expect(reader.timelineFacets().bodies).toEqual(["Ministry of Internal Affairs", "Prosecutor General's Office"]);
  });

  it('reads a page through the day index, not a sort of every statement', async () => {
    const { readModel } = await archiveWith(smallArchive);
    const plan = sqliteHandleOf(readModel)
      .prepare(
        `EXPLAIN QUERY PLAN SELECT * FROM statement_versions v WHERE from_position <= 9 AND (until_position IS NULL OR until_position > 9)
         AND published_on_day <= '9999-12-31' ORDER BY published_on_day DESC, from_position DESC LIMIT 100`,
      )
      .all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join('\n')).toContain('USING INDEX statement_versions_by_day');
    expect(plan.map((p) => p.detail).join('\n')).not.toContain('TEMP B-TREE');
  });
});

describe('replays', () => {
  it('replaying the same log twice gives identical read models, whatever the batch size', async () => {
    const { store, readModel } = await archiveWith(smallArchive);
    await appendArchiveEvents(store, [correction('hearing', { title: 'Corrected' }), retraction('late-report')], {
      via: 'cli',
    });
    await catchUp(store, readModel);
    const again = openReadModel(':memory:');
    for (const event of await store.readAll()) again.apply([event]);
    expect(dumpTables(sqliteHandleOf(again))).toBe(dumpTables(sqliteHandleOf(readModel)));
    expect(again.checkpoint()).toBe(readModel.checkpoint());
  });

  it('a batch resent after a crash is not applied twice', async () => {
    const { store, readModel } = await archiveWith(smallArchive);
    const dump = dumpTables(sqliteHandleOf(readModel));
    readModel.apply(await store.readAll());
    expect(dumpTables(sqliteHandleOf(readModel))).toBe(dump);
  });
});

describe('a tie on the day described: a date the source gives beats one the archive inferred', () => {
  // The seed's "Currently…" figures are dated to the hearing by inference; a report of the same
  // day, published the same day and recorded before them, still wins because its date is read from the source.
  const tie = [
    metric('toll', 'victims'),
    statement('attributed', '2023-01-05', [{ metric: 'toll', value: 238 }]),
    statement('inferred', '2023-01-05', [{ metric: 'toll', value: 240, asOf: '2023-01-05', asOfInferred: true } as never]),
  ];

  it('figures as of the day, and every later day, take the attributed figure though the inferred one is newer in the log', async () => {
    const { reader } = await archiveWith(tie);
    for (const date of ['2023-01-05', '2023-06-01']) expect(valueOf(reader.figuresAsOf({ date }), 'toll'), date).toBe(238);
  });

  it('without the attributed one, the inferred figure stands; a metric’s history lists the preferred one last', async () => {
    const { reader } = await archiveWith([tie[0]!, tie[2]!]);
    expect(valueOf(reader.figuresAsOf({ date: '2023-01-05' }), 'toll')).toBe(240);
    const { reader: both } = await archiveWith(tie);
    expect(both.metricHistory('toll').map((f) => f.statementId)).toEqual(['inferred', 'attributed']);
  });
});
