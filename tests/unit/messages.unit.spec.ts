import { IntlMessageFormat } from 'intl-messageformat';
import { describe, expect, it } from 'vitest';
import { intlLocale, interfaceLanguages } from '../../src/i18n/languages.js';
import { loadResources, translator, type Messages } from '../../src/i18n/messages.js';

const resources = loadResources();

/** "nav.timeline" → message, for every leaf of a namespace's JSON. */
function leaves(messages: Messages, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(messages)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else if (value && typeof value === 'object') for (const [k, v] of leaves(value as Messages, path)) out.set(k, v);
    else throw new Error(`${path} is neither a message nor a group`);
  }
  return out;
}

function allKeys(language: (typeof interfaceLanguages)[number]): Map<string, string> {
  const out = new Map<string, string>();
  for (const [namespace, messages] of Object.entries(resources[language])) {
    for (const [key, message] of leaves(messages)) out.set(`${namespace}:${key}`, message);
  }
  return out;
}

describe('the interface messages', () => {
  it('has every key in all three languages, and no language has a key the others lack', () => {
    const english = [...allKeys('en').keys()].sort();
    expect(english.length).toBeGreaterThan(20);
    for (const language of interfaceLanguages) {
      expect([...allKeys(language).keys()].sort(), `keys of ${language}`).toEqual(english);
    }
  });

  it('is valid ICU MessageFormat in each language, with no empty message', () => {
    for (const language of interfaceLanguages) {
      for (const [key, message] of allKeys(language)) {
        expect(message.trim(), `${language} ${key}`).not.toBe('');
        expect(() => new IntlMessageFormat(message, intlLocale[language]), `${language} ${key}`).not.toThrow();
      }
    }
  });

  it('gives every plural the categories its language has (Russian one/few/many, Kazakh one/other)', () => {
    for (const language of interfaceLanguages) {
      const categories = new Intl.PluralRules(intlLocale[language]).resolvedOptions().pluralCategories;
      for (const [key, message] of allKeys(language)) {
        for (const plural of message.matchAll(/\{\s*\w+\s*,\s*plural\s*,([^]*)\}/g)) {
          for (const category of categories) {
            expect(plural[1], `${language} ${key} lacks "${category}"`).toMatch(new RegExp(`(^|[\\s}])${category}\\s*\\{`));
          }
        }
      }
    }
  });

  it('counts statements with each language’s plural forms: 1, 2, 5, 21 and 0', () => {
    const counts = [1, 2, 5, 21, 0];
    const say = (language: 'en' | 'ru' | 'kk') => counts.map((count) => translator(language)('common:statementCount', { count }));
    expect(say('en')).toEqual(['1 statement', '2 statements', '5 statements', '21 statements', '0 statements']);
    expect(say('ru')).toEqual(['1 заявление', '2 заявления', '5 заявлений', '21 заявление', '0 заявлений']);
    expect(say('kk')).toEqual(['1 мәлімдеме', '2 мәлімдеме', '5 мәлімдеме', '21 мәлімдеме', '0 мәлімдеме']);
    const figures = counts.map((count) => translator('ru')('common:figureCount', { count }));
    expect(figures).toEqual(['1 цифра', '2 цифры', '5 цифр', '21 цифра', '0 цифр']);
  });

  it('groups digits as each language does', () => {
    expect(translator('ru')('common:pinned.reading', { position: 12345 })).toMatch(/12\s345/u);
    expect(translator('en')('common:pinned.reading', { position: 12345 })).toContain('12,345');
  });
});
