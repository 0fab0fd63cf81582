/**
 * What every ArchiveReader owes the pages, the API, the CLI and the exports, written once and run
 * against each implementation from its own spec file (as tests/int/store-contract.ts is for the
 * store). The archive is small enough to read by eye: three metrics, a relation between two of
 * them, and three statements whose valid, publication and archive times differ; each test adds
 * the corrections or retractions it is about.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ArchiveEvent } from '../../events/types.js';
import { toArchiveEvent } from '../../events/validate.js';
import type { FigureRecord } from '../../projections/figures/figures.js';
import { openFindingsByMetric } from '../../projections/checks/findings.js';
import type { Finding } from '../../src/domain/checks/types.js';
import { appendArchiveEvents } from '../../src/domain/append.js';
import type { ArchiveReader } from '../../src/reader/port.js';
import type { EventStore } from '../../src/store/port.js';
import { correction, metric, retraction, statement } from '../fixtures/archive.js';
import { searchMatchesRead } from '../../projections/search/query.js';

/** A reader over a read model of `store`, and a way to wait until it has applied the whole log. */
export type ReaderFixture = Readonly<{
  reader: ArchiveReader;
  store: EventStore;
  catchUp(): Promise<void>;
  close(): Promise<void>;
}>;

export const contractArchive: readonly ArchiveEvent[] = [
  metric('amnestied'),
  metric('convicted', 'convictions'),
  metric('detained', 'detentions'),
  toArchiveEvent({
    type: 'RelationDeclared',
    data: { id: 'convicted-among-detained', kind: 'subset', whole: 'detained', parts: ['convicted'], phrase: 'of those detained, some were convicted' },
  }),
  statement('law-approved', '2022-10-27', [{ metric: 'amnestied', value: 1000, qualifier: 'over' }]),
  // Convicted exceed the detained: the relation does not hold from 5 January 2023.
  statement('hearing', '2023-01-05', [
    { metric: 'amnestied', value: 1095 },
    { metric: 'convicted', value: 1205 },
    { metric: 'detained', value: 1000 },
  ]),
  // Published later, but describing an earlier day: valid time and publication time differ.
  statement('late-report', '2023-02-01', [{ metric: 'convicted', value: 1100, asOf: '2022-12-01' }]),
];

export function describeReaderContract(name: string, open: (events: readonly ArchiveEvent[]) => Promise<ReaderFixture>): void {
  describe(`${name} reader contract`, () => contract(open));
}

/** The hearing's figures as a correction replaces them, whole. */
const hearingFigures = (byMetric: Record<string, number>) =>
  Object.entries(byMetric).map(([metric, value]) => ({ metric, value, unit: 'persons', wording: `${value.toLocaleString('en')} persons` }));
const values = (figures: readonly FigureRecord[]) => figures.map((f) => [f.metric, f.value, f.statementId]);
const ids = (versions: readonly { statement: { id: string } }[]) => versions.map((v) => v.statement.id);
const brief = (findings: readonly Finding[]) =>
  findings.map((f) => ({ relation: f.relationId, date: f.date, until: f.until, figures: f.figures.map((x) => [x.role, x.metric, x.value, x.statementId]) }));

function contract(open: (events: readonly ArchiveEvent[]) => Promise<ReaderFixture>): void {
  let fx: ReaderFixture;
  let reader: ArchiveReader;
  beforeEach(async () => {
    fx = await open(contractArchive);
    reader = fx.reader;
  });
  afterEach(() => fx.close());

  const append = async (events: readonly ArchiveEvent[]) => {
    await appendArchiveEvents(fx.store, events, { via: 'cli' });
    await fx.catchUp();
  };
  /** The log position of a stream's first event. */
  const positionOf = async (stream: string) => Number((await fx.store.readStream(stream))[0]!.position);
  const head = async () => Number(await fx.store.headPosition());

  describe('the checkpoint', () => {
    it('is the position of the last event of the log once caught up, and moves with an append', async () => {
      expect(reader.checkpoint()).toBe(await fx.store.headPosition());
      await append([retraction('late-report')]);
      expect(reader.checkpoint()).toBe(await fx.store.headPosition());
    });
  });

  describe('figures as of a date, known by a day, at a position', () => {
    it('valid time: each metric its latest figure describing the date or earlier, in topic order', () => {
      expect(values(reader.figuresAsOf({ date: '2021-12-31' }))).toEqual([]);
      expect(values(reader.figuresAsOf({ date: '2022-11-01' }))).toEqual([['amnestied', 1000, 'law-approved']]);
      expect(values(reader.figuresAsOf({ date: '2022-12-15' }))).toEqual([
        ['amnestied', 1000, 'law-approved'],
        ['convicted', 1100, 'late-report'],
      ]);
      expect(values(reader.figuresAsOf({ date: '2023-01-05' }))).toEqual([
        ['amnestied', 1095, 'hearing'],
        ['convicted', 1205, 'hearing'],
        ['detained', 1000, 'hearing'],
      ]);
    });

    it('keeps each figure whole: wording, qualifier and bounds, the day it describes, its statement and speaker', () => {
      const [amnestied] = reader.figuresAsOf({ date: '2022-11-01' });
      expect(amnestied).toMatchObject({
        metric: 'amnestied',
        label: 'Label of amnestied',
        topic: 'amnesty',
        qualifier: 'over',
        bounds: { lower: 1000, upper: null },
        unit: 'persons',
        asOf: '2022-10-27',
        wording: '1000 persons',
        statementTitle: 'Statement law-approved',
        publishedOn: '2022-10-27',
        speaker: { name: 'Berik Asylov', body: "Prosecutor General's Office" },
      });
    });

    it('publication time: a statement published after `known` does not count', () => {
      expect(values(reader.figuresAsOf({ date: '2022-12-15', known: '2023-01-10' }))).toEqual([['amnestied', 1000, 'law-approved']]);
      expect(values(reader.figuresAsOf({ date: '2022-12-15', known: '2023-02-01' }))).toContainEqual(['convicted', 1100, 'late-report']);
    });

    it('archive time: at a position before an event, the archive as it stood then', async () => {
      const beforeHearing = (await positionOf('statement-hearing')) - 1;
      expect(values(reader.figuresAsOf({ date: '2023-01-05', at: beforeHearing }))).toEqual([['amnestied', 1000, 'law-approved']]);
    });

    it('filters by topic', () => {
      expect(values(reader.figuresAsOf({ date: '2023-01-05', topic: 'convictions' }))).toEqual([['convicted', 1205, 'hearing']]);
    });

    it('names the same answer by the same key, and different answers by different keys, where it names one', () => {
      const key = (date: string) => reader.figureIdsAsOf({ date })?.join(',');
      const [a, b, c] = [key('2023-01-05'), key('2023-06-01'), key('2022-11-01')];
      if (a === undefined || b === undefined || c === undefined) return;
      expect(a).toBe(b);
      expect(a).not.toBe(c);
    });

    it("a metric's history in valid-time order, the figure before a day, the figures describing a day, the earliest day", async () => {
      expect(values(reader.metricHistory('convicted'))).toEqual([
        ['convicted', 1100, 'late-report'],
        ['convicted', 1205, 'hearing'],
      ]);
      expect(values(reader.metricHistory('convicted', { date: '2022-12-31' }))).toEqual([['convicted', 1100, 'late-report']]);
      expect(values(reader.metricHistory('convicted', { known: '2023-01-31' }))).toEqual([['convicted', 1205, 'hearing']]);
      expect(reader.previousFigure('amnestied', '2023-01-05')?.value).toBe(1000);
      expect(reader.previousFigure('amnestied', '2022-10-27')).toBeUndefined();
      expect(values(reader.figuresDescribing('amnestied', '2023-01-05'))).toEqual([['amnestied', 1095, 'hearing']]);
      expect(reader.earliestFigureDay()).toBe('2022-10-27');
      expect(reader.earliestFigureDay((await positionOf('statement-law-approved')) - 1)).toBeUndefined();
    });
  });

  describe('corrections and retractions', () => {
    it('a correction applies from its position on; earlier positions keep the original, and the history keeps both', async () => {
      const before = await head();
      await append([correction('hearing', { figures: hearingFigures({ amnestied: 1059, convicted: 1205, detained: 1000 }) })]);
      expect(reader.figuresAsOf({ date: '2023-01-05' })[0]).toMatchObject({ value: 1059, wording: '1,059 persons' });
      expect(reader.figuresAsOf({ date: '2023-01-05', at: before })[0]).toMatchObject({ value: 1095 });
      expect(reader.getStatement('hearing')?.statement.figures[0]?.value).toBe(1059);
      expect(reader.getStatement('hearing', before)?.statement.figures[0]?.value).toBe(1095);
      expect(reader.statementHistory('hearing').map((v) => [v.eventType, v.reason, v.revision])).toEqual([
        ['StatementPublished', null, 0],
        ['StatementCorrected', 'transcription error', 1],
      ]);
      expect(reader.statementHistory('hearing', before)).toHaveLength(1);
    });

    it('a retracted statement drops out of the figures and the list, is kept and marked, and an earlier position still shows it', async () => {
      const before = await head();
      await append([retraction('hearing')]);
      expect(values(reader.figuresAsOf({ date: '2023-01-05' }))).toEqual([
        ['amnestied', 1000, 'law-approved'],
        ['convicted', 1100, 'late-report'],
      ]);
      expect(ids(reader.listStatements())).toEqual(['law-approved', 'late-report']);
      expect(reader.listStatements({ includeRetracted: true }).map((v) => [v.statement.id, v.status])).toEqual([
        ['law-approved', 'published'],
        ['hearing', 'retracted'],
        ['late-report', 'published'],
      ]);
      expect(reader.statementCounts({ includeRetracted: true })).toEqual({ total: 3, retracted: 1 });
      expect(reader.countStatements()).toBe(2);
      expect(reader.getStatement('hearing')?.status).toBe('retracted');
      expect(reader.getStatement('hearing', before)?.status).toBe('published');
      expect(ids(reader.listStatements({ at: before }))).toEqual(['law-approved', 'hearing', 'late-report']);
      expect(reader.statementCounts({ at: before, includeRetracted: true })).toEqual({ total: 3, retracted: 0 });
    });
  });

  describe('statements', () => {
    it('in publication order, filtered by day, topic, body and kind, a window at a time, and counted', () => {
      expect(ids(reader.listStatements())).toEqual(['law-approved', 'hearing', 'late-report']);
      expect(ids(reader.listStatements({ until: '2023-01-05' }))).toEqual(['law-approved', 'hearing']);
      expect(ids(reader.listStatements({ topic: 'no-such-topic' }))).toEqual([]);
      expect(ids(reader.listStatements({ body: "Prosecutor General's Office", kind: 'announcement' }))).toHaveLength(3);
      expect(ids(reader.listStatements({ limit: 2 }))).toEqual(['law-approved', 'hearing']);
      expect(ids(reader.listStatements({ limit: 2, offset: 2 }))).toEqual(['late-report']);
      expect(ids(reader.listStatements({ limit: 2, fromEnd: true }))).toEqual(['hearing', 'late-report']);
      expect(reader.countStatements({ until: '2023-01-05' })).toBe(2);
      expect(reader.statementCounts({ kind: 'law' })).toEqual({ total: 0, retracted: 0 });
    });

    it("the timeline's filters are those of the statements in force", async () => {
      expect(reader.timelineFacets()).toEqual({ bodies: ["Prosecutor General's Office"], kinds: ['announcement'], topics: ['amnesty'] });
      expect(reader.timelineFacets((await positionOf('statement-law-approved')) - 1)).toEqual({ bodies: [], kinds: [], topics: [] });
    });

    it('one statement, and nothing for an id the archive does not hold', () => {
      expect(reader.getStatement('late-report')).toMatchObject({ status: 'published', revision: 0, statement: { id: 'late-report', publishedOn: '2023-02-01' } });
      expect(reader.getStatement('no-such-statement')).toBeUndefined();
      expect(reader.statementHistory('no-such-statement')).toEqual([]);
    });
  });

  describe('the catalogue', () => {
    it('metrics in topic order, each as defined by `at`, and the declared relations', async () => {
      expect(reader.listMetrics().map((m) => m.id)).toEqual(['amnestied', 'convicted', 'detained']);
      expect(reader.getMetric('convicted')).toMatchObject({ id: 'convicted', label: 'Label of convicted', unit: 'persons', topic: 'convictions' });
      expect(reader.getMetric('no-such-metric')).toBeUndefined();
      const first = await positionOf('metric-amnestied');
      expect(reader.listMetrics(first).map((m) => m.id)).toEqual(['amnestied']);
      expect(reader.getMetric('convicted', first)).toBeUndefined();
      expect(reader.listRelations().map((r) => [r.id, r.kind])).toEqual([['convicted-among-detained', 'subset']]);
      expect(reader.listRelations(first)).toEqual([]);
    });
  });

  describe('findings', () => {
    const contradiction = {
      relation: 'convicted-among-detained',
      date: '2023-01-05',
      until: null,
      figures: [
        ['whole', 'detained', 1000, 'hearing'],
        ['part', 'convicted', 1205, 'hearing'],
      ],
    };

    it('a relation the figures break, from the day they break it, under the three times', async () => {
      expect(brief(reader.findingsAsOf({ date: '2024-01-01' }))).toEqual([contradiction]);
      expect(reader.findingsAsOf({ date: '2023-01-04' })).toEqual([]);
      expect(reader.findingsAsOf({ date: '2024-01-01', known: '2023-01-04' })).toEqual([]);
      expect(reader.findingsAsOf({ date: '2024-01-01', at: (await positionOf('statement-hearing')) - 1 })).toEqual([]);
    });

    it('a correction that mends the figures clears it; the position before still shows it', async () => {
      const before = await head();
      await append([correction('hearing', { figures: hearingFigures({ amnestied: 1095, convicted: 1205, detained: 1300 }) })]);
      expect(reader.findingsAsOf({ date: '2024-01-01' })).toEqual([]);
      expect(brief(reader.findingsAsOf({ date: '2024-01-01', at: before }))).toEqual([contradiction]);
    });

    it('one relation at a time, a window of them, or all at once: the same findings', () => {
      const q = { date: '2024-01-01' };
      const all = reader.findingsAsOf(q);
      const streamed: Finding[] = [];
      reader.eachRelationsFindings(q, (findings) => streamed.push(...findings));
      expect(streamed).toEqual(all);
      const window = reader.findingsWindowAsOf(q, (places) => places.map((_, i) => i));
      expect(window).toEqual({ total: all.length, findings: all });
      expect(reader.findingsWindowAsOf(q, () => [])).toEqual({ total: all.length, findings: [] });
    });

    it('those that hold on a day, by metric, are the ones findingsAsOf says still hold', async () => {
      const at = await head();
      for (const date of ['2022-12-15', '2023-01-05', '2024-01-01']) {
        const q = { date, at };
        const onDay = reader.openContradictionsOn(q, reader.figuresAsOf(q));
        const relationsOf = (byMetric: Map<string, Finding[]>) => [...byMetric].map(([m, fs]) => [m, fs.map((f) => f.relationId)]).sort();
        expect(relationsOf(onDay), date).toEqual(relationsOf(openFindingsByMetric(reader.findingsAsOf(q))));
      }
      expect([...reader.openContradictionsOn({ date: '2024-01-01', at }, reader.figuresAsOf({ date: '2024-01-01', at })).keys()].sort()).toEqual([
        'convicted',
        'detained',
      ]);
    });
  });

  describe('comparisons', () => {
    it('what changed between two dates, under the same known and at', async () => {
      const c = reader.compareDates({ from: '2022-11-01', to: '2023-01-05' });
      expect(c.changes.map((m) => [m.metric, m.kind, m.old?.value ?? null, m.new?.value ?? null, m.absolute])).toEqual([
        ['amnestied', 'changed', 1000, 1095, 95],
        ['convicted', 'appeared', null, 1205, null],
        ['detained', 'appeared', null, 1000, null],
      ]);
      expect(c.unchanged).toBe(0);
      const beforeHearing = (await positionOf('statement-hearing')) - 1;
      expect(reader.compareDates({ from: '2022-11-01', to: '2023-01-05', at: beforeHearing })).toMatchObject({ changes: [], unchanged: 1 });
    });
  });

  describe('search', () => {
    const translation = (id: string, language: 'ru' | 'kk', text: Record<string, string>) =>
      toArchiveEvent({ type: 'TextTranslated', data: { subject: 'statement', id, language, by: 'archive', text } });
    // Real titles from the archive (tokayev-address-2022-09-01 and its translations) and a Russian quote.
    const amnestyAddress = [
      statement('address', '2022-09-01', [{ metric: 'amnestied', value: 1000 }], {
        kind: 'address',
        title: 'Tokayev proposes a one-time amnesty',
        summary: 'The President proposed a one-time amnesty for participants in the January events.',
        speaker: { name: 'Kassym-Jomart Tokayev', role: 'President', body: 'President of Kazakhstan' },
        topics: ['amnesty-law'],
        sources: [{ title: 'Послание Главы государства народу Казахстана', publisher: 'Akorda', language: 'ru' }],
      }),
      translation('address', 'ru', { title: 'Токаев предлагает единовременную амнистию', summary: 'Президент предложил провести амнистию участников январских событий.' }),
      translation('address', 'kk', { title: 'Тоқаев бір реттік рақымшылық жасауды ұсынды', summary: 'Президент қаңтар оқиғаларына қатысушыларға рақымшылық жасауды ұсынды.' }),
    ];
    const refs = (a: { hits: readonly { kind: string; ref: string; lang: string }[] }) => a.hits.map((h) => `${h.kind}:${h.ref}:${h.lang}`);
    const marked = (segments: readonly { text: string; match: boolean }[]) => segments.filter((s) => s.match).map((s) => s.text);

    it('finds a statement by a word of its English text, and by a word of its Russian and Kazakh translations', async () => {
      await append(amnestyAddress);
      expect(refs(reader.search({ q: 'proposes' }))).toEqual(['statement:address:en']);
      expect(refs(reader.search({ q: 'единовременную' }))).toEqual(['statement:address:ru']);
      expect(refs(reader.search({ q: 'рақымшылық' }))).toEqual(['statement:address:kk']);
      const ru = reader.search({ q: 'амнистию' }).hits[0]!;
      expect(ru).toMatchObject({ ref: 'address', lang: 'ru', day: '2022-09-01', label: 'Токаев предлагает единовременную амнистию' });
      expect(marked(ru.title)).toEqual(['амнистию']);
      expect(ru.title.map((s) => s.text).join('')).toBe('Токаев предлагает единовременную амнистию');
    });

    it('folds case in Cyrillic and Kazakh letters, keeps Kazakh letters apart from Russian ones, and takes prefixes', async () => {
      await append(amnestyAddress);
      expect(refs(reader.search({ q: 'ТОКАЕВ' }))).toEqual(['statement:address:ru']);
      expect(refs(reader.search({ q: 'ТОҚАЕВ' }))).toEqual(['statement:address:kk']);
      // қ is not к, ы is not и, і is not и: the Kazakh word spelt with Russian letters is another word.
      expect(reader.search({ q: 'ракымшылык' }).total).toBe(0);
      expect(reader.search({ q: 'бир' }).total).toBe(0);
      expect(refs(reader.search({ q: 'бір' }))).toEqual(['statement:address:kk']);
      // Russian inflection by prefix: амнистию (title) and амнистию/амнистии share "амнист".
      expect(refs(reader.search({ q: 'амнист*' }))).toEqual(['statement:address:ru']);
      expect(reader.search({ q: 'амнистия' }).total).toBe(0);
      expect(refs(reader.search({ q: 'AMNEST*', lang: 'en' })).sort()).toEqual(['metric:amnestied:en', 'statement:address:en']);
    });

    it('finds statements by their speaker’s body in Russian and Kazakh, from the body’s translation on', async () => {
      const bodyName = (language: 'ru' | 'kk', name: string) =>
        toArchiveEvent({ type: 'TextTranslated', data: { subject: 'body', id: "Prosecutor General's Office", language, by: 'archive', text: { name } } });
      expect(reader.search({ q: 'прокуратура' }).total).toBe(0);
      await append([bodyName('ru', 'Генеральная прокуратура')]);
      const before = await head();
      await append([bodyName('kk', 'Бас прокуратура')]);
      expect(refs(reader.search({ q: 'Генеральная прокуратура' })).sort()).toEqual(
        ['statement:hearing:ru', 'statement:late-report:ru', 'statement:law-approved:ru'],
      );
      expect(refs(reader.search({ q: 'Бас прокуратура' })).sort()).toEqual(['statement:hearing:kk', 'statement:late-report:kk', 'statement:law-approved:kk']);
      expect(reader.search({ q: 'Бас прокуратура', at: before }).total).toBe(0);
      // A statement's own translation keeps its speaker's name beside it.
      await append([translation('hearing', 'ru', { title: 'Слушания в Мажилисе' })]);
      const hearing = reader.search({ q: 'прокуратура', kind: 'statement', lang: 'ru' }).hits.find((h) => h.ref === 'hearing')!;
      expect(hearing.label).toBe('Слушания в Мажилисе');
      expect(refs(reader.search({ q: 'Мажилисе прокуратура' }))).toEqual(['statement:hearing:ru']);
    });

    it('searches speakers, sources and metrics, filtered by kind, language, dates and topic', async () => {
      await append(amnestyAddress);
      expect(refs(reader.search({ q: 'Kassym-Jomart' }))).toEqual(['statement:address:en']);
      expect(refs(reader.search({ q: 'Послание' }))).toEqual(['source:address:ru']);
      expect(refs(reader.search({ q: 'Akorda', kind: 'source' }))).toEqual(['source:address:ru']);
      expect(refs(reader.search({ q: 'Akorda', kind: 'statement' }))).toEqual([]);
      expect(refs(reader.search({ q: 'detained', kind: 'metric' }))).toEqual(['metric:detained:en']);
      expect(reader.search({ q: 'persons', kind: 'figure' }).total).toBe(6);
      expect(refs(reader.search({ q: 'persons', kind: 'figure', from: '2022-09-01', to: '2022-12-31' }))).toEqual(['figure:address:en', 'figure:law-approved:en']);
      expect(refs(reader.search({ q: 'amnesty', topic: 'amnesty-law' }))).toEqual(['statement:address:en']);
      expect(refs(reader.search({ q: 'amnesty', lang: 'kk' }))).toEqual([]);
    });

    it('pages by limit and offset, best first, with the same total on every page', async () => {
      const all = reader.search({ q: 'persons' });
      expect(all.total).toBe(5);
      const pages = [0, 2, 4].map((offset) => reader.search({ q: 'persons', limit: 2, offset }));
      expect(pages.map((p) => p.total)).toEqual([5, 5, 5]);
      expect(pages.flatMap((p) => p.hits)).toEqual(all.hits);
      expect(all.more).toBe(false);
      // Each result's marked text is its own: the statement's title, matched where the word is.
      const titles = reader.search({ q: 'statement', kind: 'statement' });
      expect(titles.total).toBe(3);
      for (const hit of titles.hits) {
        expect(hit.title).toEqual([{ text: 'Statement', match: true }, { text: ` ${hit.ref}`, match: false }]);
        expect(hit.snippet.map((x) => x.text).join('')).toMatch(new RegExp(`^Summary of ${hit.ref}\\n`));
      }
    });

    it('reads at most the latest searchMatchesRead matches, and says when more match', async () => {
      // 100 statements, each with its title and 20 sources naming Zhanaozen: 2,100 matching texts.
      await append(
        Array.from({ length: 100 }, (_, i) =>
          statement(`zhanaozen-${i}`, '2023-06-01', [], {
            title: `Zhanaozen report ${i}`,
            sources: Array.from({ length: 20 }, (_, j) => ({ title: `Zhanaozen source ${i}.${j}` })),
          }),
        ),
      );
      expect(searchMatchesRead).toBe(2000);
      expect(reader.search({ q: 'zhanaozen' })).toMatchObject({ total: 2000, more: true });
      expect(reader.search({ q: 'zhanaozen', kind: 'statement' })).toMatchObject({ total: 100, more: false });
      expect(reader.search({ q: 'zhanaozen', kind: 'source' })).toMatchObject({ total: 2000, more: false });
    });

    it('finds the texts the archive held at a log position: a corrected title, a retracted statement, an outdated translation', async () => {
      await append(amnestyAddress);
      const before = await head();
      await append([correction('address', { title: 'Tokayev announces a one-time amnesty' })]);
      expect(reader.search({ q: 'proposes' }).total).toBe(0);
      expect(reader.search({ q: 'announces' }).total).toBe(1);
      expect(refs(reader.search({ q: 'proposes', at: before }))).toEqual(['statement:address:en']);
      // The Russian title translated the old English one: it is no longer searched; the summary still is.
      expect(reader.search({ q: 'единовременную' }).total).toBe(0);
      expect(refs(reader.search({ q: 'единовременную', at: before }))).toEqual(['statement:address:ru']);
      expect(refs(reader.search({ q: 'предложил' }))).toEqual(['statement:address:ru']);
      await append([retraction('address')]);
      expect(reader.search({ q: 'announces' }).total).toBe(0);
      expect(reader.search({ q: 'Akorda' }).total).toBe(0);
      expect(reader.search({ q: 'предложил' }).total).toBe(0);
      expect(reader.search({ q: 'Akorda', at: before }).total).toBe(1);
    });

    it('looks for FTS5 syntax as words, and marks matches in the text as it is, markup included', async () => {
      await append([statement('markup', '2023-03-01', [], { title: 'NEAR the <b>court</b> & "quotes"', summary: 'title:x OR y' })]);
      for (const q of ['NEAR(a b)', 'title:x', '"unclosed', 'a OR b', 'x AND', '-y', '^z', '(court', '*court', 'court"*"']) {
        expect(() => reader.search({ q }), q).not.toThrow();
      }
      expect(refs(reader.search({ q: 'title:x OR' }))).toEqual(['statement:markup:en']);
      const hit = reader.search({ q: 'court' }).hits[0]!;
      expect(hit.title).toEqual([
        { text: 'NEAR the <b>', match: false },
        { text: 'court', match: true },
        { text: '</b> & "quotes"', match: false },
      ]);
      expect(refs(reader.search({ q: '"the <b>court"' }))).toEqual(['statement:markup:en']);
    });

    it('refuses a bad query, naming the field', () => {
      const issuesOf = (q: Parameters<ArchiveReader['search']>[0]) => {
        try {
          reader.search(q);
        } catch (error) {
          return (error as { issues: { path: string }[] }).issues.map((i) => i.path);
        }
        return [];
      };
      expect(issuesOf({ q: '' })).toEqual(['q']);
      expect(issuesOf({ q: '   ' })).toEqual(['q']);
      expect(issuesOf({ q: '*** "" -' })).toEqual(['q']);
      expect(issuesOf({ q: 'a'.repeat(201) })).toEqual(['q']);
      expect(issuesOf({ q: 'amnesty', kind: 'speech' as never })).toEqual(['kind']);
      expect(issuesOf({ q: 'amnesty', lang: 'de' as never })).toEqual(['lang']);
      expect(issuesOf({ q: 'amnesty', from: '2023-02-30' })).toEqual(['from']);
      expect(issuesOf({ q: 'amnesty', from: '2023-02-01', to: '2023-01-01' })).toEqual(['to']);
      expect(issuesOf({ q: 'amnesty', topic: 'Not A Slug' })).toEqual(['topic']);
      expect(issuesOf({ q: 'amnesty', limit: 0 })).toEqual(['limit']);
    });
  });
}
