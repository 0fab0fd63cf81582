import { describe, expect, it } from 'vitest';
import type { TextsIn } from '../../projections/translations/translations.js';
import { errorText } from '../../src/http/error-text.js';
import { permalink } from '../../src/http/present/links.js';
import { localizedTexts } from '../../src/http/present/localized.js';
import { appendedByView } from '../../src/http/present/appended-by.js';
import { translator } from '../../src/i18n/messages.js';

/** A reader whose archive translated one metric's label into Russian, and nothing else. */
const reader = {
  textsIn: (subject: string, language: string): TextsIn => (id, field, english) =>
    subject === 'metric' && id === 'deaths' && field === 'label' && language === 'ru'
      ? { text: 'Погибшие', language: 'ru', fellBack: false, translation: { by: 'archive', since: 7 } }
      : { text: english, language: 'en', fellBack: language !== 'en' },
};

describe('the archive’s words in the reader’s language', () => {
  it('gives a translation where one is in force, and marks the English original where none is', () => {
    const ru = localizedTexts(reader, 'ru', 10);
    expect(ru.metricLabel('deaths', 'People killed')).toEqual({ text: 'Погибшие', translated: true });
    expect(ru.metricLabel('injured', 'People injured')).toEqual({ text: 'People injured', lang: 'en', translated: false });
    // A topic has no English name of its own: its slug, made readable, and marked.
    expect(ru.topicName('amnesty-law')).toEqual({ text: 'Amnesty law', lang: 'en', translated: false });
    expect(localizedTexts(reader, 'en', 10).metricLabel('injured', 'People injured')).toEqual({ text: 'People injured', translated: false });
  });

  it('names the fixed vocabularies through messages, never by making a slug readable', () => {
    const kk = localizedTexts(reader, 'kk', 10);
    expect(kk.kindName('court-decision')).toBe('Сот шешімі');
    expect(kk.qualifierName('up_to')).toBe('Дейін');
    expect(localizedTexts(reader, 'ru', 10).languageName('kk')).toBe('казахский');
    expect(appendedByView({ appendedBy: 'aigerim', via: 'editor' }, localizedTexts(reader, 'ru', 10))).toMatchObject({ by: 'aigerim', byLang: 'en', via: 'форма редактора' });
  });
});

describe('error pages in the reader’s language', () => {
  it('says the errors it knows in the language, keeping the field’s name, and marks the others as English', () => {
    const shown = errorText(
      'Invalid input',
      [
        { path: 'date', message: 'must be a real day written YYYY-MM-DD' },
        { path: 'at', message: 'the archive’s log ends at position 42' },
        { path: 'x', message: 'something new' },
      ],
      translator('ru'),
    );
    expect(shown.message).toBe('Некорректные данные');
    expect(shown.messageLang).toBeUndefined();
    expect(shown.issues).toEqual([
      { path: 'date', message: 'должна быть существующей датой в виде ГГГГ-ММ-ДД', messageLang: undefined },
      { path: 'at', message: 'журнал архива заканчивается на позиции 42', messageLang: undefined },
      { path: 'x', message: 'something new', messageLang: 'en' },
    ]);
    expect(errorText('The archive has no statement “x” at position 5.', [], translator('kk')).message).toBe('Мұрағатта 5 позициясында «x» мәлімдемесі жоқ.');
  });
});

describe('a permalink', () => {
  it('carries the position, then the language the page was read in', () => {
    expect(permalink('/figures?date=2023-01-05&lang=ru', 12, 'kk')).toBe('/figures?date=2023-01-05&at=12&lang=kk');
    expect(permalink('/about', 3, 'ru')).toBe('/about?at=3&lang=ru');
  });
});
