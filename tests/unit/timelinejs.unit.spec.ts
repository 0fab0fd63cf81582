import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadArchiveDirectory } from '../../events/seed.js';
import type { Statement } from '../../events/schema/statement.js';
import type { StatementVersion } from '../../projections/statements/statements.js';
import { timelineDate, timelineJs, type TimelineOptions } from '../../src/exports/timelinejs.js';
import { statement } from '../fixtures/archive.js';

/**
 * The TimelineJS JSON format (https://timeline.knightlab.com/docs/json-format.html), as strict
 * as the docs: a date has a year, a month only with a year, a day only with a month.
 */
const date = z
  .strictObject({ year: z.number().int(), month: z.number().int().min(1).max(12).optional(), day: z.number().int().min(1).max(31).optional() })
  .refine((d) => d.day === undefined || d.month !== undefined, 'a day needs a month');
const text = z.strictObject({ headline: z.string().min(1), text: z.string() });
const slide = z.strictObject({
  start_date: date,
  end_date: date.optional(),
  display_date: z.string().optional(),
  text,
  group: z.string().optional(),
  unique_id: z.string().regex(/^[A-Za-z0-9_-]+$/),
});
const era = z.strictObject({ start_date: date, end_date: date, text });
/** TimelineJS's format, with `language`: the value of TimelineJS's option of that name for the file's text. */
const timelineFormat = z.strictObject({
  language: z.enum(['en', 'ru', 'kk']),
  title: z.strictObject({ text }),
  events: z.array(slide).min(1),
  eras: z.array(era).optional(),
});

const version = (s: Statement): StatementVersion => ({
  statement: s, status: 'published', revision: 0, position: 1, replacedAt: null, eventType: 'StatementPublished', reason: null, recordedAt: '2026-01-01T00:00:00.000Z',
});
const seedStatements = loadArchiveDirectory().flatMap((e) => (e.type === 'StatementPublished' ? [version(e.data)] : []));
const options: TimelineOptions = {
  at: 42, labels: new Map([['amnestied', 'Persons amnestied']]),
  statementUrl: (id) => `https://qantar.example/statements/${id}`,
};
const one = (publishedOn: string, extra: Record<string, unknown> = {}) => {
  const e = statement('hostile', publishedOn, [{ metric: 'amnestied', value: 1000, qualifier: 'over' }], extra);
  if (e.type !== 'StatementPublished') throw new Error('fixture');
  return timelineJs([version(e.data)], options).events[0]!;
};

describe('the TimelineJS export', () => {
  it('has the TimelineJS shape for every seed statement, each with a unique id', () => {
    const timeline = timelineJs(seedStatements, options);
    expect(timelineFormat.safeParse(timeline).error?.issues).toBeUndefined();
    expect(timeline.events).toHaveLength(seedStatements.length);
    expect(new Set(timeline.events.map((e) => e.unique_id)).size).toBe(seedStatements.length);
  });

  it('gives start_date parts only to the precision the source gave', () => {
    expect(timelineDate('2022')).toEqual({ year: 2022 });
    expect(timelineDate('2022-10')).toEqual({ year: 2022, month: 10 });
    expect(timelineDate('2022-10-27')).toEqual({ year: 2022, month: 10, day: 27 });
    expect(one('2023-01').start_date).toEqual({ year: 2023, month: 1 });
    expect(one('2023').start_date).toEqual({ year: 2023 });
  });

  it('spans a period with start_date and end_date', () => {
    const unrest = timelineJs(seedStatements, options).events.find((e) => e.unique_id === 'unrest-2022-01-04')!;
    expect(unrest.start_date).toEqual({ year: 2022, month: 1, day: 4 });
    expect(unrest.end_date).toEqual({ year: 2022, month: 1, day: 7 });
    expect(one('2022-10-27').end_date).toBeUndefined();
  });

  it('escapes stored text, which TimelineJS renders as HTML, and links the archive and sources', () => {
    const slide = one('2022-10-27', {
      title: '<img src=x onerror=alert(1)>',
      summary: 'Tom & Jerry said "<b>hi</b>"',
      sources: [{ title: '<script>x</script>', url: 'https://example.org/a?b=1&c=2' }],
    });
    expect(slide.text.headline).toBe('&lt;img src=x onerror=alert(1)&gt;');
    expect(slide.text.text).toContain('Tom &amp; Jerry said &quot;&lt;b&gt;hi&lt;/b&gt;&quot;');
    expect(slide.text.text).not.toMatch(/<script|<img|<b>/);
    expect(slide.text.text).toContain('<a href="https://example.org/a?b=1&amp;c=2">&lt;script&gt;x&lt;/script&gt;</a>');
    expect(slide.text.text).toContain('Persons amnestied: over 1,000');
    expect(slide.text.text).toContain('href="https://qantar.example/statements/hostile"');
    expect(slide.group).toBe("Prosecutor General's Office");
  });

  it('escapes the plain-text fields twice: TimelineJS decodes their text once before writing it as HTML', () => {
    const slide = one('2022-10-27', { speaker: { body: 'Court <b>&amp;</b> "Co"' } });
    expect(slide.group).toBe('Court &amp;lt;b&amp;gt;&amp;amp;amp;&amp;lt;/b&amp;gt; "Co"');
  });

  it('carries its language, for TimelineJS’s language option, and writes its own text in it; the periods are eras', () => {
    const english = timelineJs(seedStatements, options);
    expect(english.language).toBe('en');
    expect(english.title.text.text).toContain('log position 42');
    const russian = timelineJs(seedStatements, { ...options, lang: 'ru' });
    expect(russian.language).toBe('ru');
    expect(russian.title.text.headline).toBe('Официальные заявления о январских событиях 2022 года в Казахстане');
    expect(russian.title.text.text).toContain('позиции журнала 42');
    const law = russian.events.find((e) => e.unique_id === 'parliament-approves-amnesty-law-2022-10-27')!;
    // The seed infers the law's year, and the slide says so in the file's language.
    expect(law.display_date).toBe('27 октября 2022 г. (в источнике без даты)');
    expect(law.text.text).toContain('Это заявление в архиве Qantar');
    expect(law.text.text).toContain('<p>Источники: <span lang="en">');
    expect(russian.eras).toEqual([
      { start_date: { year: 2022, month: 1, day: 4 }, end_date: { year: 2022, month: 1, day: 7 }, text: { headline: 'Unrest of 4–7 January 2022', text: '' } },
      { start_date: { year: 2022, month: 9, day: 1 }, end_date: { year: 2022, month: 11, day: 2 }, text: { headline: 'Путь закона об амнистии', text: '' } },
    ]);
  });
});
