import { describe, expect, it } from 'vitest';
import { formatInstant, formatInstantDay, formatPartialDate, todayInAlmaty } from '../../src/format/dates.js';

describe('dates as the archive shows them (Asia/Almaty)', () => {
  it('shows a partial date to the precision the source gave, the same on every call', () => {
    for (let i = 0; i < 3; i++) {
      expect(formatPartialDate('2022-10-27')).toBe('27 October 2022');
      expect(formatPartialDate('2022-10')).toBe('October 2022');
      expect(formatPartialDate('2022')).toBe('2022');
    }
    expect(formatPartialDate('not a date')).toBe('not a date');
  });

  it('writes a day, a month and a year as Russian and Kazakh readers write them', () => {
    expect(formatPartialDate('2023-01-05', 'ru')).toBe('5 января 2023 г.');
    expect(formatPartialDate('2023-01', 'ru')).toBe('январь 2023 г.');
    expect(formatPartialDate('2023', 'ru')).toBe('2023 г.');
    expect(formatPartialDate('2023-01-05', 'kk')).toBe('2023 жылғы 5 қаңтар');
    expect(formatPartialDate('2023-01', 'kk')).toBe('2023 жылғы қаңтар');
    expect(formatPartialDate('2023', 'kk')).toBe('2023 ж.');
    expect(formatInstant('2023-01-05T03:00:00.000Z', 'ru')).toBe('5 января 2023 г., 09:00 (UTC+6)');
    expect(formatInstantDay('2026-11-24T19:30:00.000Z', 'kk')).toBe('2026 жылғы 25 қараша');
  });

  it('turns a day at midnight in Almaty, not in UTC', () => {
    expect(todayInAlmaty(new Date('2026-12-01T18:59:59.999Z'))).toBe('2026-12-01');
    expect(todayInAlmaty(new Date('2026-12-01T19:00:00.000Z'))).toBe('2026-12-02');
    // Before 1 March 2024 Almaty was UTC+6: the day turned an hour earlier.
    expect(todayInAlmaty(new Date('2023-01-04T17:59:59.999Z'))).toBe('2023-01-04');
    expect(todayInAlmaty(new Date('2023-01-04T18:00:00.000Z'))).toBe('2023-01-05');
  });

  it('shows a recorded instant in Almaty time with its offset', () => {
    expect(formatInstant('2026-11-24T12:23:00.000Z')).toBe('24 November 2026, 17:23 (UTC+5)');
    expect(formatInstant('2023-01-05T03:00:00.000Z')).toBe('5 January 2023, 09:00 (UTC+6)');
    expect(formatInstantDay('2026-11-24T19:30:00.000Z')).toBe('25 November 2026');
  });
});
