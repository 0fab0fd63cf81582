import { describe, expect, it } from 'vitest';
import { atPrecision, parseFormDate, parseFormNumber } from '../../src/http/form-input.js';

const value = <T>(parsed: { value: T } | { problem: unknown }) => ('value' in parsed ? parsed.value : 'refused');
const problem = (parsed: { value: unknown } | { problem: { key: string } }) => ('problem' in parsed ? parsed.problem.key : 'read');

describe('dates as an editor types them', () => {
  it('reads a date input’s YYYY-MM-DD and a typed day-first 05.01.2023, 5/1/2023 or 01.2023', () => {
    expect(value(parseFormDate('2023-01-05'))).toBe('2023-01-05');
    expect(value(parseFormDate(' 05.01.2023 '))).toBe('2023-01-05');
    expect(value(parseFormDate('5.1.2023'))).toBe('2023-01-05');
    expect(value(parseFormDate('5/1/2023'))).toBe('2023-01-05');
    expect(value(parseFormDate('01.2023'))).toBe('2023-01');
    expect(value(parseFormDate('2023'))).toBe('2023');
    expect(value(parseFormDate(''))).toBeUndefined();
  });

  it('refuses a day that does not exist and text that is no date', () => {
    for (const typed of ['31.02.2023', '2023-02-30', '13.13.2023', 'yesterday', '05.01.23']) expect(problem(parseFormDate(typed)), typed).toBe('error.date');
  });

  it('cuts a day to the precision the source gave', () => {
    expect(atPrecision('2023-01-05', 'month')).toBe('2023-01');
    expect(atPrecision('2023-01-05', 'year')).toBe('2023');
    expect(atPrecision('2023-01-05', 'day')).toBe('2023-01-05');
    expect(atPrecision('2023-01', 'day')).toBe('2023-01');
  });
});

describe('numbers as an editor types them', () => {
  it('in Russian and Kazakh, reads a decimal comma and digits grouped by spaces', () => {
    for (const lang of ['ru', 'kk'] as const) {
      expect(value(parseFormNumber('37,5', lang))).toBe(37.5);
      expect(value(parseFormNumber('1 250', lang))).toBe(1250);
      expect(value(parseFormNumber('37\u00a0500\u00a0000\u00a0000', lang))).toBe(37_500_000_000);
      expect(value(parseFormNumber('1\u202f205,25', lang))).toBe(1205.25);
      expect(value(parseFormNumber('37.5', lang))).toBe(37.5);
      expect(value(parseFormNumber('1700', lang))).toBe(1700);
    }
  });

  it('in Russian, never turns “1,250” into 1.25 or “1.250” into 1250: it asks', () => {
    expect(problem(parseFormNumber('1,250', 'ru'))).toBe('error.ambiguousSeparator');
    expect(problem(parseFormNumber('1.250', 'ru'))).toBe('error.ambiguousSeparator');
    expect(problem(parseFormNumber('1.250,5', 'ru'))).toBe('error.separators');
    expect(problem(parseFormNumber('1,250,000', 'kk'))).toBe('error.separators');
  });

  it('in English, reads a comma as thousands and refuses one that is not', () => {
    expect(value(parseFormNumber('1,250', 'en'))).toBe(1250);
    expect(value(parseFormNumber('37,500,000,000', 'en'))).toBe(37_500_000_000);
    expect(value(parseFormNumber('1,205.5', 'en'))).toBe(1205.5);
    expect(value(parseFormNumber('37.5', 'en'))).toBe(37.5);
    expect(value(parseFormNumber('1 700', 'en'))).toBe(1700);
    expect(problem(parseFormNumber('37,5', 'en'))).toBe('error.commaInEnglish');
    expect(problem(parseFormNumber('1,2500', 'en'))).toBe('error.commaInEnglish');
    expect(problem(parseFormNumber('1.2.3', 'en'))).toBe('error.number');
  });

  it('refuses what is not a non-negative number, and reads an empty field as none', () => {
    for (const typed of ['lots', '-5', '1e3', '12,', '.5', '½']) expect(problem(parseFormNumber(typed, 'en')), typed).toBe('error.number');
    expect(value(parseFormNumber('  ', 'ru'))).toBeUndefined();
  });
});
