import { describe, expect, it } from 'vitest';
import { caseEnding, lastSpokenWord, withCaseEnding } from '../../src/format/kazakh-case.js';
import { formatAmount, formatCount, formatFigureValue, formatRange } from '../../src/format/numbers.js';

// Intl separates groups with a no-break space in Russian and Kazakh; written here as a plain one.
const plain = (text: string | undefined) => text?.replace(/[\u00a0\u202f]/g, ' ');

describe('numbers in the reader’s language', () => {
  it('groups digits and writes the decimal mark as each language does', () => {
    expect(formatCount(12345.5, 'en')).toBe('12,345.5');
    expect(plain(formatCount(12345.5, 'ru'))).toBe('12 345,5');
    expect(plain(formatCount(12345.5, 'kk'))).toBe('12 345,5');
  });

  it('reads large sums of money with the language’s scale words', () => {
    expect(formatAmount(37_500_000_000, 'KZT', 'en')).toBe('37.5 billion tenge');
    expect(formatAmount(37_500_000_000, 'KZT', 'ru')).toBe('37,5 млрд тенге');
    expect(formatAmount(37_500_000_000, 'KZT', 'kk')).toBe('37,5 млрд теңге');
    expect(formatAmount(2_000_000, 'KZT', 'ru')).toBe('2 млн тенге');
    expect(formatAmount(1_500_000_000, 'USD', 'en')).toBe('$1.5 billion');
    expect(formatAmount(1_500_000_000, 'USD', 'ru')).toBe('1,5 млрд долл. США');
  });

  it('puts Russian qualifiers before the number', () => {
    const f = (value: number, qualifier: 'over' | 'under' | 'almost' | 'up_to' | 'approximately') => plain(formatFigureValue({ value, qualifier, unit: 'persons' }, 'ru'));
    expect(f(1000, 'over')).toBe('более 1 000');
    expect(f(1000, 'under')).toBe('менее 1 000');
    expect(f(1700, 'almost')).toBe('почти 1 700');
    expect(f(500, 'up_to')).toBe('до 500');
    expect(f(1700, 'approximately')).toBe('≈ 1 700');
  });

  it('puts Kazakh qualifiers after the number, with the ending vowel harmony asks of its last spoken word', () => {
    const over = (value: number) => plain(formatFigureValue({ value, qualifier: 'over', unit: 'persons' }, 'kk'));
    expect(over(1000)).toBe('1 000-нан астам');
    expect(over(100)).toBe('100-ден астам');
    expect(over(5)).toBe('5-тен астам');
    expect(over(30)).toBe('30-дан астам');
    expect(over(40)).toBe('40-тан астам');
    expect(over(4700)).toBe('4 700-ден астам');
    expect(over(1205)).toBe('1 205-тен астам');
    expect(plain(formatFigureValue({ value: 1700, qualifier: 'almost', unit: 'persons' }, 'kk'))).toBe('1 700-ге жуық');
    expect(plain(formatFigureValue({ value: 40, qualifier: 'up_to', unit: 'persons' }, 'kk'))).toBe('40-қа дейін');
    expect(plain(formatFigureValue({ value: 10, qualifier: 'under', unit: 'persons' }, 'kk'))).toBe('10-нан кем');
    expect(formatFigureValue({ value: 37_500_000_000, qualifier: 'over', unit: 'KZT' }, 'kk')).toBe('37,5 млрд теңгеден астам');
  });

  it('knows the last word of a number read aloud, and the ending it takes', () => {
    expect([1, 2, 6, 9, 20, 60, 80, 90, 300, 2000, 3_000_000].map(lastSpokenWord)).toEqual(['бір', 'екі', 'алты', 'тоғыз', 'жиырма', 'алпыс', 'сексен', 'тоқсан', 'жүз', 'мың', 'миллион']);
    expect(['бір', 'екі', 'алты', 'тоғыз', 'жиырма', 'елу', 'алпыс', 'сексен', 'мың', 'миллиард'].map((w) => w + caseEnding(w, 'ablative'))).toEqual([
      'бірден', 'екіден', 'алтыдан', 'тоғыздан', 'жиырмадан', 'елуден', 'алпыстан', 'сексеннен', 'мыңнан', 'миллиардтан',
    ]);
    expect(['бір', 'үш', 'алты', 'қырық', 'жүз', 'мың', 'миллиард'].map((w) => w + caseEnding(w, 'dative'))).toEqual([
      'бірге', 'үшке', 'алтыға', 'қырыққа', 'жүзге', 'мыңға', 'миллиардқа',
    ]);
    // A decimal is read "отыз жеті бүтін оннан бес": the fraction's last word decides.
    expect(withCaseEnding('37,5', 'ablative')).toBe('37,5-тен');
    expect(withCaseEnding('2 млн', 'dative')).toBe('2 млн-ға');
  });

  it('reads a qualifier’s range in each language', () => {
    expect(formatRange(1650, 1750, 'persons', 'en')).toBe('between 1,650 and 1,750');
    expect(plain(formatRange(1650, 1750, 'persons', 'ru'))).toBe('от 1 650 до 1 750');
    expect(plain(formatRange(1650, 1750, 'persons', 'kk'))).toBe('1 650-ден 1 750-ге дейін');
    expect(plain(formatRange(1001, null, 'persons', 'kk'))).toBe('кемінде 1 001');
    expect(plain(formatRange(0, 999, 'persons', 'ru'))).toBe('не более 999');
  });
});
