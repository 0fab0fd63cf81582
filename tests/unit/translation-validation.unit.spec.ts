import { describe, expect, it } from 'vitest';
import { ValidationError, toArchiveEvent } from '../../events/validate.js';
import { streamFor } from '../../events/types.js';

const translation = (data: Record<string, unknown>) => ({
  type: 'TextTranslated',
  data: { subject: 'statement', id: 'law-signed', language: 'ru', by: 'archive', text: { title: 'Закон об амнистии подписан' }, ...data },
});

const refusal = (input: unknown) => {
  try {
    toArchiveEvent(input);
  } catch (error) {
    if (error instanceof ValidationError) return error.issues;
    throw error;
  }
  throw new Error('accepted');
};

describe('a translation of the archive’s own words, validated at the edge', () => {
  it('accepts a statement’s title in Russian, marked as the archive’s, and keeps it in its own stream and language', () => {
    const event = toArchiveEvent(translation({}));
    expect(event).toEqual({
      type: 'TextTranslated',
      data: { subject: 'statement', id: 'law-signed', language: 'ru', by: 'archive', text: { title: 'Закон об амнистии подписан' } },
    });
    expect(streamFor(event)).toBe('translation-ru-statement-law-signed');
    expect(streamFor(toArchiveEvent(translation({ language: 'kk', text: { title: 'Заңға қол қойылды' } })))).toBe(
      'translation-kk-statement-law-signed',
    );
  });

  it('refuses a quote, naming the field and saying it is the officials’ own words', () => {
    expect(refusal(translation({ text: { quote: 'Более 1000 человек' } }))).toEqual([
      { path: 'data.text.quote', message: expect.stringMatching(/A quote is the officials' own words: .*never translated/) },
    ]);
  });

  it('refuses a figure’s wording, on a statement or as a subject of its own', () => {
    expect(refusal(translation({ text: { title: 'Заголовок', wording: 'более 1 000 человек' } }))).toEqual([
      { path: 'data.text.wording', message: expect.stringMatching(/figure’s wording is the officials' own words/) },
    ]);
    expect(refusal(translation({ subject: 'figure', text: { wording: 'более 1 000 человек' } }))).toEqual([
      { path: 'data.subject', message: expect.stringMatching(/^must be one of metric, unit, topic, body, relation, statement: .*never a quote or a figure’s wording/) },
    ]);
  });

  it.each([
    ['English, which is the original', { language: 'en' }, 'data.language'],
    ['a language the archive does not translate into', { language: 'de' }, 'data.language'],
    ['no text at all', { text: {} }, 'data.text'],
    ['a blank text', { text: { title: '   ' } }, 'data.text.title'],
    ['a field the subject does not have (a metric has no title)', { subject: 'metric', text: { title: 'Погибшие' } }, 'data.text'],
    ['a unit the archive does not count in', { subject: 'unit', id: 'EUR', text: { name: 'евро' } }, 'data.id'],
    ['a translator other than the archive', { by: 'someone' }, 'data.by'],
    ['no translator', { by: undefined }, 'data.by'],
  ])('refuses %s, naming the field', (_what, patch, path) => {
    expect(refusal(translation(patch)).map((i) => i.path)).toContain(path);
  });

  it('names a body’s stream by a slug of its name, so two spellings share one and the event keeps the exact name', () => {
    const body = (id: string) => toArchiveEvent(translation({ subject: 'body', id, text: { name: 'Генеральная прокуратура' } }));
    expect(streamFor(body('Prosecutor General’s Office'))).toBe('translation-ru-body-prosecutor-general-s-office');
    expect(streamFor(body("Prosecutor General's Office"))).toBe('translation-ru-body-prosecutor-general-s-office');
    expect(body("Prosecutor General's Office").data).toMatchObject({ id: "Prosecutor General's Office" });
  });
});
