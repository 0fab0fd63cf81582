/**
 * The interface's messages: i18next with ICU MessageFormat (i18next-icu over intl-messageformat),
 * so plurals follow each language's own categories from CLDR (Russian one/few/many/other, Kazakh
 * one/other) instead of hand-written `n === 1` tests.
 *
 * Messages live in locales/<language>/<namespace>.json, one namespace per part of the interface,
 * and are read once, synchronously, when this module loads: a missing or broken file stops the
 * archive at start rather than showing a raw key to a reader.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import i18next, { type i18n, type Resource } from 'i18next';
import ICU from 'i18next-icu';
import { defaultLanguage, interfaceLanguages, type InterfaceLanguage } from './languages.js';

export const localesDirectory = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../locales');

export type Messages = Record<string, unknown>;

/** Every namespace of every language, as parsed JSON: `resources[language][namespace]`. */
export function loadResources(directory = localesDirectory): Record<InterfaceLanguage, Record<string, Messages>> {
  const resources = {} as Record<InterfaceLanguage, Record<string, Messages>>;
  for (const language of interfaceLanguages) {
    resources[language] = {};
    const folder = path.join(directory, language);
    for (const file of fs.readdirSync(folder).filter((f) => f.endsWith('.json')).sort()) {
      const text = fs.readFileSync(path.join(folder, file), 'utf8');
      try {
        resources[language][file.slice(0, -'.json'.length)] = JSON.parse(text) as Messages;
      } catch (error) {
        throw new Error(`locales/${language}/${file} is not valid JSON: ${(error as Error).message}`);
      }
    }
  }
  return resources;
}

function createMessages(): i18n {
  const resources = loadResources();
  const instance = i18next.createInstance();
  void instance.use(ICU).init({
    initAsync: false,
    resources: resources as unknown as Resource,
    lng: defaultLanguage,
    fallbackLng: defaultLanguage,
    supportedLngs: [...interfaceLanguages],
    ns: Object.keys(resources.en),
    defaultNS: 'common',
    // Handlebars escapes what a helper returns; escaping here too would show "&amp;" to readers.
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  return instance;
}

const messages = createMessages();

export type Translate = (key: string, values?: Record<string, unknown>) => string;

/** The messages of one language. A key missing in it falls back to English; a key missing everywhere is an error in tests. */
export function translator(language: InterfaceLanguage): Translate {
  const t = messages.getFixedT(language);
  return (key, values) => t(key, values ?? {}) as string;
}

/** Whether a key exists in a language's own messages, without falling back: for the completeness test. */
export function hasMessage(language: InterfaceLanguage, key: string): boolean {
  return messages.exists(key, { lng: language, fallbackLng: false });
}
