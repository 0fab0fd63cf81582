import { describe, expect, it } from 'vitest';
import { toArchiveEvent } from '../../events/validate.js';
import type { ArchiveEvent } from '../../events/types.js';
import { textIn, textsIn } from '../../projections/translations/translations.js';
import { appendArchiveEvents } from '../../src/domain/append.js';
import { DomainError } from '../../src/domain/errors.js';
import { catchUp } from '../../src/read-model/follow.js';
import { openReadModel } from '../../src/read-model/read-model.js';
import { correction, metric, smallArchive } from '../fixtures/archive.js';
import { archiveWith, dumpTables } from '../fixtures/read-model.js';
import { sqliteHandleOf } from '../../src/read-model/read-model.js';

const translated = (subject: string, id: string, language: string, text: Record<string, string>): ArchiveEvent =>
  toArchiveEvent({ type: 'TextTranslated', data: { subject, id, language, by: 'archive', text } });

const relation = (declaredBy: 'source' | 'archive'): ArchiveEvent =>
  toArchiveEvent({
    type: 'RelationDeclared',
    data: { id: `convicted-within-amnestied-${declaredBy}`, kind: 'subset', whole: 'amnestied', parts: ['convicted'], phrase: 'of those', declaredBy },
  });

/** The small archive, with the Russian of a metric and the Kazakh of a statement's title. */
const translatedArchive = [
  ...smallArchive,
  translated('metric', 'amnestied', 'ru', { label: 'Амнистированные', description: 'Лица, к которым применена амнистия' }),
  translated('statement', 'hearing', 'kk', { title: 'Мәжілістегі тыңдау' }),
];

describe('the translations read model', () => {
  it('gives a subject’s text in the language asked for, and says where it fell back to English', async () => {
    const { readModel } = await archiveWith(translatedArchive);
    const ru = textsIn(sqliteHandleOf(readModel), 'metric', 'ru');
    expect(ru('amnestied', 'label', 'Label of amnestied')).toEqual({
      text: 'Амнистированные',
      language: 'ru',
      fellBack: false,
      translation: { by: 'archive', since: expect.any(Number) },
    });
    expect(ru('convicted', 'label', 'Label of convicted')).toEqual({ text: 'Label of convicted', language: 'en', fellBack: true });
    // The Kazakh of the statement's title, and English for its summary, which has none.
    expect(textIn(sqliteHandleOf(readModel), 'statement', 'hearing', 'title', 'Statement hearing', 'kk')).toMatchObject({ text: 'Мәжілістегі тыңдау', language: 'kk' });
    expect(textIn(sqliteHandleOf(readModel), 'statement', 'hearing', 'summary', 'Summary of hearing', 'kk')).toEqual({
      text: 'Summary of hearing',
      language: 'en',
      fellBack: true,
    });
    expect(textIn(sqliteHandleOf(readModel), 'statement', 'hearing', 'title', 'Statement hearing', 'ru').fellBack).toBe(true);
    // English is the original: never a fallback.
    expect(textIn(sqliteHandleOf(readModel), 'metric', 'amnestied', 'label', 'Label of amnestied', 'en')).toEqual({ text: 'Label of amnestied', language: 'en', fellBack: false });
  });

  it('a later translation replaces the earlier one from its position on, field by field; at= before it still shows the earlier', async () => {
    const { store, readModel } = await archiveWith(translatedArchive);
    const before = Number(await store.headPosition());
    const [corrected] = await appendArchiveEvents(store, [translated('metric', 'amnestied', 'ru', { label: 'Амнистированные лица' })], {
      via: 'editor',
      appendedBy: 'aigerim',
    });
    await catchUp(store, readModel);

    expect(corrected).toMatchObject({ stream: 'translation-ru-metric-amnestied', revision: 1n, written: true });
    const label = (at?: number) => textIn(sqliteHandleOf(readModel), 'metric', 'amnestied', 'label', 'Label of amnestied', 'ru', at);
    const description = (at?: number) => textIn(sqliteHandleOf(readModel), 'metric', 'amnestied', 'description', 'What amnestied counts', 'ru', at);
    expect(label()).toMatchObject({ text: 'Амнистированные лица', translation: { since: Number(corrected!.position) } });
    expect(label(before).text).toBe('Амнистированные');
    expect(textsIn(sqliteHandleOf(readModel), 'metric', 'ru', before)('amnestied', 'label', '').text).toBe('Амнистированные');
    // The correction gave the label only: the description in force is still the first translation's.
    expect(description().text).toBe('Лица, к которым применена амнистия');
    // Before the first translation was recorded, there was none.
    const first = (await store.readStream('translation-ru-metric-amnestied'))[0]!;
    expect(label(Number(first.position) - 1)).toMatchObject({ text: 'Label of amnestied', fellBack: true });
    // The earlier translation stays in the log.
    expect((await store.readStream('translation-ru-metric-amnestied')).map((e) => (e.data as { text: { label: string } }).text.label)).toEqual([
      'Амнистированные',
      'Амнистированные лица',
    ]);
  });

  it('a translation made before a correction of its English original is not shown as the text: it translates an earlier one', async () => {
    const { store, readModel } = await archiveWith(translatedArchive);
    const title = (at?: number) => textIn(sqliteHandleOf(readModel), 'statement', 'hearing', 'title', 'Hearing at the Mazhilis', 'kk', at);
    const translatedAt = Number(await store.headPosition());
    const [corrected] = await appendArchiveEvents(store, [correction('hearing', { title: 'Hearing at the Mazhilis' })], { via: 'cli' });
    // A correction of the summary alone leaves the title's translation current.
    await appendArchiveEvents(store, [correction('hearing', { summary: 'The Mazhilis heard the Prosecutor General.' })], { via: 'cli' });
    await catchUp(store, readModel);

    expect(title()).toEqual({
      text: 'Hearing at the Mazhilis',
      language: 'en',
      fellBack: true,
      outdatedTranslation: { originalChangedAt: Number(corrected!.position), translatedAt: expect.any(Number) },
    });
    expect(textsIn(sqliteHandleOf(readModel), 'statement', 'kk')('hearing', 'title', 'Hearing at the Mazhilis').outdatedTranslation).toBeDefined();
    // As the archive stood before the correction, the translation was the text in force.
    expect(title(translatedAt)).toMatchObject({ text: 'Мәжілістегі тыңдау', fellBack: false });
    // A translation of the corrected title is current again.
    await appendArchiveEvents(store, [translated('statement', 'hearing', 'kk', { title: 'Мәжілістегі тыңдау (түзетілген)' })], { via: 'editor' });
    await catchUp(store, readModel);
    expect(title()).toMatchObject({ text: 'Мәжілістегі тыңдау (түзетілген)', language: 'kk', fellBack: false });
  });

  it('replays deterministically: a rebuild from the log equals the read model kept by following it, row for row', async () => {
    const { store, readModel } = await archiveWith(translatedArchive);
    await appendArchiveEvents(store, [translated('metric', 'amnestied', 'ru', { label: 'Амнистированные лица' })], { via: 'cli' });
    await catchUp(store, readModel);
    const rebuilt = openReadModel(':memory:');
    await catchUp(store, rebuilt);
    const again = openReadModel(':memory:');
    await catchUp(store, again);
    expect(dumpTables(sqliteHandleOf(rebuilt))).toBe(dumpTables(sqliteHandleOf(readModel)));
    expect(dumpTables(sqliteHandleOf(again))).toBe(dumpTables(sqliteHandleOf(rebuilt)));
    expect(dumpTables(sqliteHandleOf(rebuilt))).toContain('Амнистированные лица');
  });
});

describe('appending a translation', () => {
  it('the same file appended twice by an editor is a retry; another text goes on top', async () => {
    const { store } = await archiveWith(translatedArchive);
    const file = [translated('metric', 'convicted', 'kk', { label: 'Сотталғандар' })];
    const [first] = await appendArchiveEvents(store, file, { via: 'cli' });
    const [retry] = await appendArchiveEvents(store, file, { via: 'cli' });
    expect(first).toMatchObject({ revision: 0n, written: true });
    expect(retry).toMatchObject({ revision: 0n, written: false, position: first!.position });
    const [next] = await appendArchiveEvents(store, [translated('metric', 'convicted', 'kk', { label: 'Сотталған адамдар' })], { via: 'cli' });
    expect(next).toMatchObject({ revision: 1n, written: true });
  });

  it('refuses a relation’s phrase where it quotes its source, naming the field; translates it where the archive wrote it', async () => {
    const { store } = await archiveWith([...smallArchive, relation('source'), relation('archive')]);
    const head = await store.headPosition();
    const refused = await appendArchiveEvents(
      store,
      [translated('relation', 'convicted-within-amnestied-source', 'ru', { phrase: 'из них' })],
      { via: 'api' },
    ).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(DomainError);
    expect(refused).toMatchObject({ code: 'UNTRANSLATABLE', path: 'data.text.phrase', message: expect.stringMatching(/quotes its source: .*never translated/) });
    expect(await store.headPosition()).toBe(head);

    const [accepted] = await appendArchiveEvents(store, [translated('relation', 'convicted-within-amnestied-archive', 'ru', { phrase: 'из них' })], { via: 'api' });
    expect(accepted!.written).toBe(true);
  });

  it('refuses a translation of a metric, statement or relation the log does not hold, and writes nothing of the batch', async () => {
    const { store } = await archiveWith(smallArchive);
    const head = await store.headPosition();
    for (const [event, code, path] of [
      [translated('metric', 'no-such-metric', 'ru', { label: 'Нет' }), 'UNKNOWN_METRIC', '[1].data.id'],
      [translated('statement', 'no-such-statement', 'kk', { title: 'Жоқ' }), 'UNKNOWN_STATEMENT', '[1].data.id'],
      [translated('relation', 'no-such-relation', 'kk', { phrase: 'Жоқ' }), 'UNKNOWN_RELATION', '[1].data.id'],
    ] as const) {
      const batch = [metric('brand-new'), event];
      await expect(appendArchiveEvents(store, batch, { via: 'api' })).rejects.toMatchObject({ code, path });
    }
    expect(await store.headPosition()).toBe(head);
  });
});
