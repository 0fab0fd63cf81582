import type { Qualifier, Unit } from '../../events/schema/figure.js';
import { defaultLanguage, intlLocale, interfaceLanguages, type InterfaceLanguage } from '../i18n/languages.js';
import { translator } from '../i18n/messages.js';
import { withCaseEnding } from './kazakh-case.js';

/** One formatter per language, made once: "1,700" in English, "1 700" and "37,5" in Russian and Kazakh. */
const grouped = Object.fromEntries(
  interfaceLanguages.map((l) => [l, new Intl.NumberFormat(intlLocale[l], { maximumFractionDigits: 2 })]),
) as Record<InterfaceLanguage, Intl.NumberFormat>;

const scales = [
  [1e12, 'trillion'],
  [1e9, 'billion'],
  [1e6, 'million'],
] as const;

/**
 * The forms of an amount a message may need: as written, and, for Kazakh, with the ablative and
 * dative endings ("1 000-нан астам", "5-ке дейін"), which depend on how the number is read aloud.
 */
function amountForms(amount: string, language: InterfaceLanguage, prefix = 'amount') {
  const forms: Record<string, string> = { [prefix]: amount };
  if (language === 'kk') {
    forms[`${prefix}Ablative`] = withCaseEnding(amount, 'ablative');
    forms[`${prefix}Dative`] = withCaseEnding(amount, 'dative');
  }
  return forms;
}

/** Large money amounts read as the source wrote them: 37,500,000,000 KZT → "37.5 billion tenge", «37,5 млрд тенге». */
export function formatAmount(value: number, unit: Unit, language: InterfaceLanguage = defaultLanguage): string {
  const number = grouped[language];
  if (unit !== 'KZT' && unit !== 'USD') return number.format(value);
  const t = translator(language);
  const scale = scales.find(([s]) => value >= s);
  const amount = scale ? t(`format:scale.${scale[1]}`, { amount: number.format(value / scale[0]) }) : number.format(value);
  return t(`format:money.${unit}`, { amount });
}

/** A figure as a reader would say it: "≈ 1,700", "over 1,000", «более 1 000», «1 000-нан астам». */
export function formatFigureValue(f: { value: number; qualifier: Qualifier; unit: Unit }, language: InterfaceLanguage = defaultLanguage): string {
  return qualifiedAmount(formatAmount(f.value, f.unit, language), f.qualifier, language);
}

/** An amount already written, with the qualifier's words around it in the language's own order. */
export function qualifiedAmount(amount: string, qualifier: Qualifier, language: InterfaceLanguage = defaultLanguage): string {
  return translator(language)(`format:qualified.${qualifier}`, amountForms(amount, language));
}

/** "between 1,650 and 1,750", «от 1 650 до 1 750», «1 650-ден 1 750-ге дейін». */
export function formatRange(
  lower: number | null,
  upper: number | null,
  unit: Unit,
  language: InterfaceLanguage = defaultLanguage,
): string | undefined {
  const t = translator(language);
  const values = {
    ...(lower !== null ? amountForms(formatAmount(lower, unit, language), language, 'lower') : {}),
    ...(upper !== null ? amountForms(formatAmount(upper, unit, language), language, 'upper') : {}),
  };
  if (lower !== null && upper !== null) return lower === 0 ? t('format:bounds.atMost', values) : t('format:bounds.between', values);
  if (lower !== null) return t('format:bounds.atLeast', values);
  if (upper !== null) return t('format:bounds.atMost', values);
  return undefined;
}

export function formatCount(value: number, language: InterfaceLanguage = defaultLanguage): string {
  return grouped[language].format(value);
}

/** A relative change with its sign: "+10.0%", «+10,0 %». */
export function formatSignedPercent(ratio: number, language: InterfaceLanguage = defaultLanguage): string {
  return new Intl.NumberFormat(intlLocale[language], { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1, signDisplay: 'exceptZero' }).format(ratio);
}
