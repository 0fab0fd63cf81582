/**
 * The languages the archive's interface speaks. English is the archive's working language and the
 * fallback; Russian and Kazakh are the languages most of its readers, and the officials, use.
 */
export const interfaceLanguages = ['en', 'ru', 'kk'] as const;
export type InterfaceLanguage = (typeof interfaceLanguages)[number];
export const defaultLanguage: InterfaceLanguage = 'en';

export function isInterfaceLanguage(value: unknown): value is InterfaceLanguage {
  return typeof value === 'string' && (interfaceLanguages as readonly string[]).includes(value);
}

/**
 * The Intl/luxon locale each language is formatted with. English is British English: day before
 * month, as the archive has always written its dates ("5 January 2023").
 */
export const intlLocale: Record<InterfaceLanguage, string> = { en: 'en-GB', ru: 'ru-RU', kk: 'kk-KZ' };

/** Each language's name in itself, for the switcher: a reader looks for their own language's name. */
export const endonym: Record<InterfaceLanguage, string> = { en: 'English', ru: 'Русский', kk: 'Қазақша' };
