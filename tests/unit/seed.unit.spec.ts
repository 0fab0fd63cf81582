import fs from 'node:fs';
import path from 'node:path';
import { describe, it, expect } from 'vitest';
import { loadArchiveDirectory, seedDirectory } from '../../events/seed.js';
import type { Figure } from '../../events/schema/figure.js';
import type { MetricDefinition, Relation } from '../../events/schema/catalogue.js';
import type { Statement } from '../../events/schema/statement.js';

const SOURCE_TITLE = 'Latest information and statistics on the tragic events in January 2022';
const HEARING_DAY = '2023-01-05';

const normalise = (text: string) => text.replace(/\s+/g, ' ').trim();
const sourceText = normalise(
  fs.readFileSync(
    path.join(seedDirectory, 'source', 'latest-information-and-statistics-january-2022-events.txt'),
    'utf8',
  ),
);

const events = loadArchiveDirectory();
const metrics = events.flatMap((e) => (e.type === 'MetricDefined' ? [e.data as MetricDefinition] : []));
const relations = events.flatMap((e) => (e.type === 'RelationDeclared' ? [e.data as Relation] : []));
const statements = events.flatMap((e) => (e.type === 'StatementPublished' ? [e.data as Statement] : []));
const figures = statements.flatMap((s) => s.figures.map((figure) => ({ statement: s, figure })));
const metricIds = new Set(metrics.map((m) => m.id));

/** Every [start, end) span at which `needle` occurs in `haystack`. */
function spansOf(haystack: string, needle: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + 1)) {
    spans.push([at, at + needle.length]);
  }
  return spans;
}

const wordNumbers: Record<string, number> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17,
  eighteen: 18, nineteen: 19, twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60,
  seventy: 70, eighty: 80, ninety: 90, hundred: 100, thousand: 1000, dozen: 12, half: 0.5,
};
const scales: Record<string, number> = { million: 1e6, billion: 1e9 };
const numberToken = new RegExp(
  String.raw`\$?\d+(?:,\d{3})*(?:\.\d+)?(?:\s(?:million|billion))?|\b(?:${Object.keys(wordNumbers).join('|')})\b`,
  'gi',
);

function valueOf(token: string): number {
  const word = wordNumbers[token.toLowerCase()];
  if (word !== undefined) return word;
  const [digits = '', scale] = token.replace(/[$,]/g, '').split(' ');
  return Number(digits) * (scale ? (scales[scale] ?? 1) : 1);
}

/** Numbers in the document that are not figures; each phrase must occur in it and cover the number. */
const notFigures: ReadonlyArray<{ phrase: string; reason: string }> = [
  { phrase: 'JANUARY 2022', reason: 'the month of the events, in the title' },
  { phrase: 'January 2022', reason: 'the month of the events' },
  { phrase: 'January 5, 2023', reason: 'the date of the Mazhilis hearing' },
  { phrase: 'January 5', reason: 'the date of the Mazhilis hearing' },
  { phrase: 'January 4-7, 2022', reason: 'the days of the unrest' },
  { phrase: 'August 16', reason: 'the date the list of the dead was published' },
  { phrase: 'September 1, 2022', reason: 'the date of the state-of-the-nation address' },
  { phrase: 'October 20', reason: 'the date of the Zhetisu court decision' },
  { phrase: 'October 27', reason: 'the date parliament approved the amnesty law' },
  { phrase: '27 October', reason: 'the date of Shyndaliyev’s announcement' },
  { phrase: 'November 2', reason: 'the date the amnesty law was signed' },
  { phrase: 'Article 146', reason: 'an article of the Criminal Code (torture), not a count' },
  { phrase: 'one-time amnesty', reason: 'describes the amnesty, not a count' },
  { phrase: 'cut by half or three-quarters', reason: 'fractions of a prison term the law cuts, not counts' },
  { phrase: '_Hlk117845821', reason: 'a Word bookmark id left by the document’s conversion' },
  { phrase: '_Hlk117844834', reason: 'a Word bookmark id left by the document’s conversion' },
];

const covers = (spans: Array<[number, number]>, start: number, end: number) =>
  spans.some(([s, e]) => s <= start && end <= e);

/** The numbers of `text` that neither a figure's wording (with the same value) nor a non-figure phrase covers. */
function unaccountedNumbers(text: string): string[] {
  const figureSpans = figures.map(({ figure }) => ({
    value: figure.value,
    spans: spansOf(text, normalise(figure.wording)),
  }));
  const exemptSpans = notFigures.map(({ phrase }) => spansOf(text, phrase));
  const unaccounted: string[] = [];
  for (const match of text.matchAll(numberToken)) {
    const start = match.index;
    const end = start + match[0].length;
    const value = valueOf(match[0]);
    const isFigure = figureSpans.some((f) => f.value === value && covers(f.spans, start, end));
    const isExempt = exemptSpans.some((spans) => covers(spans, start, end));
    if (!isFigure && !isExempt) unaccounted.push(`${match[0]} in "…${text.slice(start - 40, end + 40)}…"`);
  }
  return unaccounted;
}

describe('the seed archive', () => {
  it('loads and validates every event', () => {
    expect(() => loadArchiveDirectory()).not.toThrow();
    expect(metrics.length).toBeGreaterThan(0);
    expect(relations.length).toBeGreaterThan(0);
    expect(statements.length).toBeGreaterThan(0);
    expect(new Set(statements.map((s) => s.id)).size).toBe(statements.length);
    expect(metricIds.size).toBe(metrics.length);
    expect(new Set(relations.map((r) => r.id)).size).toBe(relations.length);
  });

  it('lists its statement files in chronological order', () => {
    const dates = statements.map((s) => s.publishedOn);
    expect(dates).toEqual([...dates].sort());
  });

  it('accounts for every number in the source document', () => {
    for (const { phrase } of notFigures) expect(sourceText, phrase).toContain(phrase);
    expect(unaccountedNumbers(sourceText)).toEqual([]);
  });

  it('would notice a number added to the document without a figure', () => {
    const amended = `${sourceText} · A further 12 cases, and seven more, cost 2.5 billion tenge.`;
    expect(unaccountedNumbers(amended)).toHaveLength(3);
    // A figure's number changed in the text no longer matches the figure's value.
    expect(unaccountedNumbers(sourceText.replace('theft (2,504)', 'theft (2,505)'))).toHaveLength(1);
  });

  it('reads the figures the brief singles out with their values and qualifiers', () => {
    const find = (wording: string) => figures.find(({ figure }) => figure.wording === wording)?.figure;
    expect(find('business entities suffered damage in the amount of 37.5 billion tenge'))
      .toMatchObject({ value: 37_500_000_000, unit: 'KZT', qualifier: 'exact' });
    expect(find('almost $80 million USD')).toMatchObject({ value: 80_000_000, unit: 'USD', qualifier: 'almost' });
    expect(find('The amnesty will affect over 1,000 people')).toMatchObject({ value: 1000, qualifier: 'over' });
    expect(find('A total of 71 buildings were fully destroyed or burned in eight cities across the country.'))
      .toMatchObject({ value: 8, unit: 'cities' });
  });

  it('quotes every figure verbatim from the source document', () => {
    const missing = figures
      .filter(({ figure }) => !sourceText.includes(normalise(figure.wording)))
      .map(({ statement, figure }) => `${statement.id}: ${figure.wording}`);
    expect(missing).toEqual([]);
  });

  it('cites the document, and refers only to metrics in the catalogue', () => {
    for (const s of statements) {
      expect(s.sources, s.id).toContainEqual({ title: SOURCE_TITLE, date: '2023-01', language: 'en' });
    }
    for (const { statement, figure } of figures) {
      const metric = metrics.find((m) => m.id === figure.metric);
      expect(metric, `${statement.id}: ${figure.metric}`).toBeDefined();
      expect(figure.unit, `${statement.id}: ${figure.metric}`).toBe(metric?.unit);
    }
    for (const m of metrics) {
      if (m.parent) expect(metricIds.has(m.parent), `${m.id} → ${m.parent}`).toBe(true);
    }
    for (const r of relations) {
      const ids = r.kind === 'cumulative' ? [r.metric] : [r.whole, ...r.parts];
      for (const id of ids) expect(metricIds.has(id), `${r.id}: ${id}`).toBe(true);
      expect(sourceText, r.id).toContain(normalise(r.phrase));
    }
  });

  it('gives the same concept one metric, so that its history spans dates', () => {
    const datesOf = (metric: string) => figures.filter(({ figure }) => figure.metric === metric).map(({ figure }) => figure.asOf);
    expect(datesOf('persons-criminally-liable')).toEqual(['2022-10-27', HEARING_DAY]);
    expect(datesOf('amnesty-covered')).toEqual(['2022-10-27', HEARING_DAY]);
    expect(datesOf('amnesty-granted')).toEqual([HEARING_DAY, HEARING_DAY]);
    expect(datesOf('law-enforcement-criminally-liable')).toEqual([HEARING_DAY, HEARING_DAY]);
    expect(datesOf('law-enforcement-amnestied')).toEqual([HEARING_DAY, HEARING_DAY]);
  });

  it('holds the dated statements with their exact dates', () => {
    const expected: ReadonlyArray<{ publishedOn: string; kind: string; topic: string; speaker?: string }> = [
      { publishedOn: '2022-01-04', kind: 'occurrence', topic: 'unrest' },
      { publishedOn: '2022-08-16', kind: 'list-publication', topic: 'victims' },
      { publishedOn: '2022-09-01', kind: 'address', topic: 'amnesty-law', speaker: 'Kassym-Jomart Tokayev' },
      { publishedOn: '2022-10-20', kind: 'court-decision', topic: 'torture' },
      { publishedOn: '2022-10-27', kind: 'law', topic: 'amnesty-law' },
      { publishedOn: '2022-10-27', kind: 'announcement', topic: 'torture', speaker: 'Asset Shyndaliyev' },
      { publishedOn: '2022-11-02', kind: 'signing', topic: 'amnesty-law', speaker: 'Kassym-Jomart Tokayev' },
      { publishedOn: HEARING_DAY, kind: 'hearing', topic: 'coup-attempt', speaker: 'Berik Asylov' },
      { publishedOn: HEARING_DAY, kind: 'hearing', topic: 'cases', speaker: 'Marat Akhmetzhanov' },
      { publishedOn: HEARING_DAY, kind: 'hearing', topic: 'coup-attempt', speaker: 'Yerlan Koshanov' },
      { publishedOn: HEARING_DAY, kind: 'hearing', topic: 'victims' },
    ];
    for (const e of expected) {
      const match = statements.find(
        (s) =>
          s.publishedOn === e.publishedOn &&
          s.kind === e.kind &&
          s.topics.includes(e.topic) &&
          (e.speaker === undefined || s.speaker.name === e.speaker),
      );
      expect(match, JSON.stringify(e)).toBeDefined();
    }
    const unrest = statements.find((s) => s.kind === 'occurrence');
    expect(unrest?.period).toEqual({ start: '2022-01-04', end: '2022-01-07' });
    expect(statements.filter((s) => s.topics.includes('amnesty-law')).map((s) => [s.publishedOn, s.kind])).toEqual([
      ['2022-09-01', 'address'],
      ['2022-10-27', 'law'],
      ['2022-11-02', 'signing'],
    ]);
    const law = statements.find((s) => s.kind === 'law');
    expect(law?.figures.map((f) => [f.metric, f.value, f.qualifier])).toEqual([
      ['amnesty-covered', 1000, 'over'],
      ['persons-criminally-liable', 1700, 'approximately'],
    ]);
  });

  it('dates undated items by the hearing, and marks exactly their figures as inferred', () => {
    const undated = statements.filter((s) => s.summary.includes('The source gives no date'));
    expect(undated.map((s) => s.id).sort()).toEqual(
      [
        'amnesty-applied-currently',
        'cases-under-investigation-currently',
        'nsc-leadership-trials',
        'shyndaliyev-law-enforcement-amnesty',
        'torture-cases-in-court-currently',
      ].sort(),
    );
    for (const s of undated) expect(s.publishedOn, s.id).toBe(HEARING_DAY);

    for (const s of undated) expect(s.publishedOnInferred, s.id).toBe(true);
    const ofUndated = figures.filter(({ statement }) => undated.includes(statement));
    for (const { figure } of ofUndated) expect([figure.asOf, figure.asOfInferred], figure.wording).toEqual([HEARING_DAY, true]);

    const values = (list: typeof ofUndated) => list.map(({ figure }: { figure: Figure }) => figure.value).sort((a, b) => a - b);
    // amnesty 1,095 / 1,001; 127 cases, 315 persons; 1 of 49; 5 officers = 3 + 1 + 1; 27 in court; 3 killed
    expect(values(ofUndated)).toEqual([1, 1, 1, 3, 3, 5, 27, 49, 127, 315, 1001, 1095]);
  });

  it('marks as inferred the hearing’s date and speaker for the figures the source gives with neither', () => {
    // The source lists these under its summary of the hearing, without a date or a speaker of their own.
    const lawEnforcement = statements.find((s) => s.id === 'hearing-2023-01-05-law-enforcement')!;
    expect([lawEnforcement.publishedOnInferred, lawEnforcement.speakerInferred]).toEqual([true, true]);
    const dated = lawEnforcement.figures.filter((f) => !f.asOfInferred);
    // Only "As of January 5, 2023, 329 criminal cases involving torture…" carries its own date.
    expect(dated.map((f) => f.metric)).toEqual(['torture-criminal-cases']);
    for (const f of lawEnforcement.figures) if (f.asOfInferred) expect(f.asOf).toBe(HEARING_DAY);
    // Of the inferred, only "According to the Prosecutor General’s Office, 6 people died…" names a speaker: 26 name neither.
    const neither = lawEnforcement.figures.filter((f) => f.asOfInferred && !/Prosecutor General/.test(f.wording));
    expect(neither).toHaveLength(26);
    // Figures the archive dated and attributed itself are nowhere else unmarked.
    const unmarked = figures.filter(({ statement, figure }) => statement.speakerInferred && !figure.asOfInferred && figure.metric !== 'torture-criminal-cases');
    expect(unmarked).toEqual([]);
  });

  it('marks the year as inferred where the source gives only a day and a month', () => {
    // "On August 16…", "On October 20…", "On 27 October…", "On October 27…", "on November 2."
    const yearInferred = statements.filter((s) => s.publishedOnInferred === 'year').map((s) => s.publishedOn).sort();
    expect(yearInferred).toEqual(['2022-08-16', '2022-10-20', '2022-10-27', '2022-10-27', '2022-11-02']);
    for (const s of statements.filter((x) => x.publishedOnInferred === 'year')) {
      for (const f of s.figures) expect(f.asOfInferred, `${s.id} ${f.metric}`).toBe('year');
    }
  });

  it('gives every figure as a quote, in English, of the document the archive holds', () => {
    for (const { statement, figure } of figures) expect([figure.wordingKind, figure.language], `${statement.id} ${figure.metric}`).toEqual(['quote', 'en']);
  });
});
