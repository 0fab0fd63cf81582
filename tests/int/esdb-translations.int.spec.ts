/**
 * Translations kept in EventStoreDB (the protocol double, through the real client over real
 * gRPC): appended to their own streams, delivered by the subscription filtered on the archive's
 * stream prefixes, and kept by the read model as they arrive.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toArchiveEvent } from '../../events/validate.js';
import type { ArchiveEvent } from '../../events/types.js';
import { textIn } from '../../projections/translations/translations.js';
import { appendArchiveEvents } from '../../src/domain/append.js';
import { followStore } from '../../src/read-model/follow.js';
import { openReadModel, type ReadModel } from '../../src/read-model/read-model.js';
import type { Subscription } from '../../src/store/port.js';
import { smallArchive } from '../fixtures/archive.js';
import { storeOnDouble } from '../protocol-double/fixture.js';
import { sqliteHandleOf } from '../../src/read-model/read-model.js';

const translated = (language: string, label: string): ArchiveEvent =>
  toArchiveEvent({ type: 'TextTranslated', data: { subject: 'metric', id: 'amnestied', language, by: 'archive', text: { label } } });

let opened: Awaited<ReturnType<typeof storeOnDouble>>;
let readModel: ReadModel;
let following: Subscription;

beforeAll(async () => {
  opened = await storeOnDouble();
  await appendArchiveEvents(opened.store, [...smallArchive, translated('ru', 'Амнистированные'), translated('kk', 'Рақымшылық жасалғандар')], {
    via: 'import',
  });
  readModel = openReadModel(':memory:');
  following = followStore(opened.store, readModel);
  await following.caughtUp;
});
afterAll(async () => {
  await following.unsubscribe();
  readModel.close();
  await opened.close();
});

const label = (language: 'ru' | 'kk') => textIn(sqliteHandleOf(readModel), 'metric', 'amnestied', 'label', 'Label of amnestied', language);

describe('translations on EventStoreDB (protocol double)', () => {
  it('are stored in a stream per subject and language, and the subscription brings them to the read model', async () => {
    expect((await opened.store.readStream('translation-ru-metric-amnestied')).map((e) => [e.type, e.revision])).toEqual([['TextTranslated', 0n]]);
    expect(label('ru')).toMatchObject({ text: 'Амнистированные', language: 'ru', fellBack: false });
    expect(label('kk')).toMatchObject({ text: 'Рақымшылық жасалғандар', language: 'kk', fellBack: false });
  });

  it('an editor’s later translation reaches a following read model and is in force from its position', async () => {
    const [corrected] = await appendArchiveEvents(opened.store, [translated('ru', 'Амнистированные лица')], { via: 'editor', appendedBy: 'aigerim' });
    expect(corrected).toMatchObject({ stream: 'translation-ru-metric-amnestied', revision: 1n, written: true });
    await expect.poll(() => readModel.checkpoint(), { timeout: 10_000 }).toBe(corrected!.position);
    expect(label('ru')).toMatchObject({ text: 'Амнистированные лица', translation: { since: Number(corrected!.position) } });
    expect(textIn(sqliteHandleOf(readModel), 'metric', 'amnestied', 'label', 'Label of amnestied', 'ru', Number(corrected!.position) - 1).text).toBe('Амнистированные');
  });
});
