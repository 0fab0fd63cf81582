import { describe, expect, it } from 'vitest';
import type { Statement } from '../../events/schema/statement.js';
import type { StatementVersion } from '../../projections/statements/statements.js';
import { formatRange, shortTitle, timelineChart } from '../../src/http/charts/timeline-chart.js';
import { translator } from '../../src/i18n/messages.js';
import { statement } from '../fixtures/archive.js';

const version = (id: string, publishedOn: string, extra: Record<string, unknown> = {}): StatementVersion => ({
  statement: statement(id, publishedOn, [], extra).data as Statement,
  status: 'published', revision: 0, position: 1, replacedAt: null, eventType: 'StatementPublished', reason: null, recordedAt: '2026-01-01T00:00:00.000Z',
});
const law = { topics: ['amnesty-law'] };
const statements = [
  version('unrest', '2022-01-04', { period: { start: '2022-01-04', end: '2022-01-07' }, title: 'Unrest of 4–7 January 2022' }),
  version('during', '2022-01-06'),
  version('after', '2022-01-08'),
  version('proposed', '2022-09-01', { ...law, kind: 'address' }),
  version('approved', '2022-10-27', { ...law, kind: 'law' }),
  version('signed', '2022-11-02', { ...law, kind: 'signing' }),
  ...['a', 'b', 'c', 'd'].map((id) => version(`hearing-${id}`, '2023-01-05')),
  version('month-only', '2025-01'),
  version('far', '2027-06-01'),
];
const english = { lang: 'en' as const, t: translator('en') };

describe('the visual timeline’s rows', () => {
  const chart = timelineChart(statements, english);

  it('gathers the days inside a period into its band, and the amnesty law’s path into another', () => {
    expect(chart.rows.map((r) => (r.period ? `${r.period.kind}: ${r.period.days.map((d) => d.iso).join(' ')}` : r.day!.iso))).toEqual([
      'period: 2022-01-04 2022-01-06',
      '2022-01-08',
      'law: 2022-09-01 2022-10-27 2022-11-02',
      '2023-01-05',
      '2025-01',
      '2027-06-01',
    ]);
    expect(chart.periods.map((p) => [p.label, p.labelLang])).toEqual([
      ['Unrest of 4–7 January 2022', 'en'],
      ['The amnesty law’s path', undefined],
    ]);
  });

  it('folds a day of more than three statements into a group, counted in words', () => {
    const hearing = chart.rows.find((r) => r.day?.iso === '2023-01-05')!.day!;
    expect(hearing.folded).toBe(true);
    expect(hearing.count).toBe('4 statements');
    expect(hearing.events.map((e) => e.id)).toEqual(['hearing-a', 'hearing-b', 'hearing-c', 'hearing-d']);
    expect(chart.rows.find((r) => r.day?.iso === '2022-01-08')!.day!.folded).toBe(false);
  });

  it('writes out long gaps between days, in months and then years, and never a day for a month', () => {
    const days = chart.rows.flatMap((r) => (r.period ? r.period.days : [r.day!]));
    expect(Object.fromEntries(days.map((d) => [d.iso, d.gap]))).toEqual({
      '2022-01-04': undefined,
      '2022-01-06': undefined,
      '2022-01-08': undefined,
      '2022-09-01': '7 months later',
      '2022-10-27': undefined,
      '2022-11-02': undefined,
      '2023-01-05': '2 months later',
      '2025-01': '23 months later',
      '2027-06-01': 'over 2 years later',
    });
    expect(days.at(-2)!.date).toBe('January 2025');
  });

  it('lists the law’s milestones in words, in the page’s language', () => {
    expect(chart.lawSteps.map((s) => `${s.step} ${s.date}`)).toEqual(['proposed 1 September 2022', 'approved 27 October 2022', 'signed 2 November 2022']);
    const russian = timelineChart(statements, { lang: 'ru', t: translator('ru') });
    expect(russian.lawSteps.map((s) => s.step)).toEqual(['предложен', 'принят', 'подписан']);
    expect(russian.rows.find((r) => r.day?.iso === '2023-01-05')!.day!.count).toBe('4 заявления');
  });

  it('labels each event with its title, a long one cut at a word', () => {
    expect(chart.rows[1]!.day!.events[0]).toMatchObject({ label: 'Statement after', labelLang: 'en', href: '/statements/after' });
    const long = 'Interior Ministry: 539 convicted in police cases on the January events, 104 of them to prison, and up to 360 million tenge paid';
    expect(shortTitle(long)).toBe('Interior Ministry: 539 convicted in police cases on the January events, 104 of them to…');
    expect(shortTitle('Tokayev signs the amnesty law')).toBe('Tokayev signs the amnesty law');
  });

  it('writes a period in each language’s own way', () => {
    const plain = (s: string) => s.replace(/[\u2009\u202f]/g, ' ');
    expect(plain(formatRange('2022-01-04', '2022-01-07', 'ru'))).toBe('4–7 января 2022 г.');
    expect(plain(formatRange('2022-01-04', '2022-01-07', 'kk'))).toBe('2022 ж. 4–7 қаңтар');
    expect(formatRange('2022-10', '2022-11-02', 'en')).toBe('October 2022 – 2 November 2022');
  });
});
