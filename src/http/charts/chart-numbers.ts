import type { Qualifier, Unit } from '../../../events/schema/figure.js';
import { intlLocale, type InterfaceLanguage } from '../../i18n/languages.js';
import { translator } from '../../i18n/messages.js';

const formats = new Map<string, Intl.NumberFormat>();

/** Intl's formatters are costly to build and a chart formats dozens of numbers: one per language and kind. */
function format(lang: InterfaceLanguage, money: Unit | undefined): Intl.NumberFormat {
  const key = `${lang}:${money ?? ''}`;
  let found = formats.get(key);
  if (!found) {
    found = money
      ? new Intl.NumberFormat(intlLocale[lang], { style: 'currency', currency: money, currencyDisplay: 'narrowSymbol', notation: 'compact', minimumFractionDigits: 0, maximumFractionDigits: 1 })
      : new Intl.NumberFormat(intlLocale[lang], { maximumFractionDigits: 2 });
    formats.set(key, found);
  }
  return found;
}

const isMoney = (unit: Unit) => unit === 'KZT' || unit === 'USD';

/** A number on a chart in the language's own digits and separators; money compact, with the currency's sign ("37,5 млрд ₸", "$24M") so a label fits beside its point. */
export function chartNumber(value: number, unit: Unit, lang: InterfaceLanguage): string {
  return format(lang, isMoney(unit) ? unit : undefined).format(value);
}

/** A figure's value as written on its point: the qualifier in the page's language, then the number ("≈ 1 700", "более 1 000"). */
export function chartValue(f: Readonly<{ value: number; qualifier: Qualifier; unit: Unit }>, lang: InterfaceLanguage): string {
  return translator(lang)('charts:qualified', { qualifier: f.qualifier, value: chartNumber(f.value, f.unit, lang) });
}

/** A plain number for CSV cells: a decimal comma where the language writes one, no grouping, so a spreadsheet reads it as a number. */
export function csvNumber(value: number | null | undefined, decimalComma: boolean): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return decimalComma ? text.replace('.', ',') : text;
}
