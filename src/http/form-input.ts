/**
 * What an editor types into a date or number field, read the way people of each interface
 * language write it. Intl formats numbers but cannot parse them, and a parser that guesses would
 * turn "37,5" into 375 or "1,250" into 1.25 without a word: where a text could mean two numbers,
 * it is refused with a message that says how to write it, never guessed.
 */
import { partialDate } from '../../events/schema/dates.js';
import type { InterfaceLanguage } from '../i18n/languages.js';

/** Why a field's text was refused: a key of the editor's messages, and what the message needs. */
export type InputProblem = Readonly<{ key: string; values?: Record<string, string | number> }>;
export type Parsed<T> = Readonly<{ value: T }> | Readonly<{ problem: InputProblem }>;

const dottedDay = /^(\d{1,2})[./](\d{1,2})[./](\d{4})$/;
const dottedMonth = /^(\d{1,2})[./](\d{4})$/;

/**
 * A date as the archive stores it (YYYY, YYYY-MM or YYYY-MM-DD) from what a date input sends
 * (always YYYY-MM-DD) or what a person types: 05.01.2023 or 5/1/2023 (day first, as in Russian,
 * Kazakh and British English), 01.2023 for a month. An empty text is no date (undefined).
 */
export function parseFormDate(text: string): Parsed<string | undefined> {
  const typed = text.trim();
  if (typed === '') return { value: undefined };
  const day = dottedDay.exec(typed);
  const month = dottedMonth.exec(typed);
  const iso = day
    ? `${day[3]}-${day[2]!.padStart(2, '0')}-${day[1]!.padStart(2, '0')}`
    : month
      ? `${month[2]}-${month[1]!.padStart(2, '0')}`
      : typed;
  return partialDate.safeParse(iso).success ? { value: iso } : { problem: { key: 'error.date' } };
}

/** A day date cut to the precision the source gave: the input holds a whole day, the source may give only a month. */
export function atPrecision(date: string | undefined, precision: string): string | undefined {
  if (date === undefined || date.length < 10) return date;
  if (precision === 'month') return date.slice(0, 7);
  if (precision === 'year') return date.slice(0, 4);
  return date;
}

/** Spaces people and Intl group digits with: the plain, no-break and narrow no-break space. */
const groupSpace = /[ \u00a0\u202f]/g;

/**
 * A non-negative number as typed in the page's language.
 * - Spaces group digits in every language: "1 250", "37 500 000 000".
 * - English: a comma groups thousands ("1,250"), a point marks the fraction ("37.5").
 * - Russian and Kazakh: a comma marks the fraction ("37,5"), a point is read as one too ("37.5").
 * A separator followed by exactly three digits ("1,250" in Russian, "1.250" anywhere but as
 * English thousands) could be either, and is refused, as is a comma in English that does not
 * group thousands ("37,5"), which an English reader would take for a typing slip.
 */
export function parseFormNumber(text: string, language: InterfaceLanguage): Parsed<number | undefined> {
  const typed = text.trim();
  if (typed === '') return { value: undefined };
  const compact = typed.replace(groupSpace, '');
  if (!/^\d[\d.,]*$/.test(compact) || /[.,]$/.test(compact)) return { problem: { key: 'error.number' } };
  const separators = compact.replace(/\d/g, '');
  if (language === 'en') {
    const grouped = /^\d{1,3}(,\d{3})+(\.\d+)?$/.test(compact);
    if (separators.includes(',') && !grouped) return { problem: { key: 'error.commaInEnglish', values: { typed } } };
    if (separators.replace(/,/g, '').length > 1) return { problem: { key: 'error.number' } };
    return { value: Number(compact.replace(/,/g, '')) };
  }
  if (separators.length > 1) return { problem: { key: 'error.separators', values: { typed } } };
  if (/^\d+[.,]\d{3}$/.test(compact)) return { problem: { key: 'error.ambiguousSeparator', values: { typed } } };
  return { value: Number(compact.replace(',', '.')) };
}
