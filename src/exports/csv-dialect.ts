import { intlLocale, type InterfaceLanguage } from '../i18n/languages.js';

/**
 * How a CSV is written for a spreadsheet. Excel under Russian or Kazakh regional settings splits
 * columns on ";" (the comma is their decimal sign) and reads "1,5" as a number: the `;` variant
 * writes both so, in the language asked for.
 */
export type CsvDialect = Readonly<{ delimiter: ',' | ';'; decimalComma: boolean }>;

export const commaDialect: CsvDialect = { delimiter: ',', decimalComma: false };

/** Whether the language writes 1.5 as "1,5", as Intl formats it. */
export function usesDecimalComma(lang: InterfaceLanguage): boolean {
  const parts = new Intl.NumberFormat(intlLocale[lang]).formatToParts(1.5);
  return parts.find((p) => p.type === 'decimal')?.value === ',';
}

/** `?sep=semicolon` asks for the `;` variant; anything else is the plain comma file. */
export function csvDialect(sep: unknown, lang: InterfaceLanguage): CsvDialect {
  return sep === 'semicolon' ? { delimiter: ';', decimalComma: usesDecimalComma(lang) } : commaDialect;
}

/** The metric's history as CSV columns, for the chart's download. */
export const metricCsvColumns = [
  'metric', 'label', 'asOf', 'value', 'qualifier', 'lower', 'upper', 'unit', 'wording', 'statementId', 'statementTitle', 'speakerBody', 'publishedOn',
];
