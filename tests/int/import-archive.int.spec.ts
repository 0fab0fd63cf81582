import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  archiveDirectories,
  loadArchiveDirectories,
  loadArchiveDirectory,
  reportsDirectory as reportsDirectoryOfArchive,
  seedDirectory,
  translationsDirectory,
} from '../../events/seed.js';
import { toArchiveEvent } from '../../events/validate.js';
import { textIn } from '../../projections/translations/translations.js';
import { catchUp } from '../../src/read-model/follow.js';
import { openReadModel } from '../../src/read-model/read-model.js';
import { appendArchiveEvents } from '../../src/domain/append.js';
import { DomainError } from '../../src/domain/errors.js';
import { importArchive } from '../../src/domain/import-archive.js';
import type { EventStore } from '../../src/store/port.js';
import { getSqliteEventStore } from '../../src/store/sqlite.js';
import { verifyLog } from '../../src/verify/log.js';
import { qantar } from '../fixtures/cli.js';
import { correction } from '../fixtures/archive.js';
import { newStatement } from './http-fixture.js';
import { sqliteHandleOf } from '../../src/read-model/read-model.js';

/** Issue 11, item 2: the list of archive directories, imported again on every start. */
let dir: string;
let store: EventStore;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qantar-import-'));
  store = getSqliteEventStore(path.join(dir, 'log.db'));
});
afterEach(async () => {
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** An archive directory of statements only, as `events/reports/` will be. */
function reportsDirectory(events: unknown[]): string {
  const reports = path.join(dir, 'reports');
  fs.mkdirSync(path.join(reports, 'statements'), { recursive: true });
  fs.writeFileSync(path.join(reports, 'statements', '01-report.json'), JSON.stringify(events));
  return reports;
}
const titles = async (stream: string) => (await store.readStream(stream)).map((e) => (e.data as { title?: string; changes?: { title?: string } }).changes?.title ?? (e.data as { title?: string }).title);

describe('importing a list of archive directories', () => {
  const seedTitle = 'Prosecutor General: figures at the Senate hearing';
  const reports = () =>
    reportsDirectory([
      { type: 'StatementPublished', data: newStatement('report-2023-03-01') },
      // A later directory may correct a statement of an earlier one.
      { type: 'StatementCorrected', data: { statementId: 'hearing-2023-01-05-asylov', reason: 'as reported', changes: { title: seedTitle } } },
    ]);

  it('imports them in order, and again appends nothing, even after an editor corrected the same statement', async () => {
    const dirs = [seedDirectory, reports()];
    const first = await importArchive(store, dirs);
    expect(first.appended).toBeGreaterThan(80);
    expect(await titles('statement-hearing-2023-01-05-asylov')).toEqual([expect.any(String), seedTitle]);

    await appendArchiveEvents(store, [correction('hearing-2023-01-05-asylov', { title: 'An editor’s title' })], { via: 'api', expectedRevision: 1n });
    expect(await importArchive(store, dirs)).toEqual({ appended: 0, alreadyThere: first.appended });
    // The directory's correction is where it was put, not applied again over the editor's.
    expect((await titles('statement-hearing-2023-01-05-asylov')).slice(1)).toEqual([seedTitle, 'An editor’s title']);
    expect((await verifyLog(store, { contiguous: true })).problem).toBeUndefined();
  });

  it('refuses a directory whose statement was edited after it was imported, naming the file, and appends nothing', async () => {
    await importArchive(store, [seedDirectory]);
    const head = await store.headPosition();
    const edited = reportsDirectory([{ type: 'StatementPublished', data: { ...newStatement('hearing-2023-01-05-asylov'), title: 'Edited in place' } }]);
    const refused = await importArchive(store, [seedDirectory, reportsDirectory([{ type: 'StatementPublished', data: newStatement('new-one') }]), edited]).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(DomainError);
    expect(refused).toMatchObject({ code: 'DUPLICATE', where: `${path.join(edited, 'statements', '01-report.json')} [0]` });
    expect(await store.headPosition()).toBe(head);
  });

  it('qantar import takes several directories, and with none imports the server’s list', () => {
    const env = { QANTAR_STORE: `sqlite:${path.join(dir, 'cli.db')}` };
    const both = qantar(['import', seedDirectory, reports()], env);
    expect(both.stderr).toBe('');
    expect(both.stdout).toMatch(/: 84 new events, 0 already in the log/);
    // The server's list: the seed (there already), then the statements from reports and the translations (new here).
    const newEvents = loadArchiveDirectory(reportsDirectoryOfArchive).length + loadArchiveDirectory(translationsDirectory).length;
    expect(qantar(['import'], env).stdout).toMatch(
      new RegExp(`Imported .*events/seed, .*events/reports, .*events/translations: ${newEvents} new events, 82 already in the log`),
    );
    const missing = qantar(['import', path.join(dir, 'no-such-directory')], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('is not an archive directory');
  });
});

describe('importing the translations', () => {
  const editorsLabel = 'Погибшие (по официальным данным)';

  it('imports after the seed and the reports, and again appends nothing, even after an editor corrected one', async () => {
    expect(archiveDirectories.at(-1)).toBe(translationsDirectory);
    const total = loadArchiveDirectories().events.length;
    expect(await importArchive(store)).toEqual({ appended: total, alreadyThere: 0 });

    const byEditor = toArchiveEvent({
      type: 'TextTranslated',
      data: { subject: 'metric', id: 'deaths', language: 'ru', by: 'archive', text: { label: editorsLabel } },
    });
    await appendArchiveEvents(store, [byEditor], { via: 'editor', appendedBy: 'aigerim' });
    expect(await importArchive(store)).toEqual({ appended: 0, alreadyThere: total });

    // The directory's translation is where it was put, and the editor's is the one in force.
    const stream = await store.readStream('translation-ru-metric-deaths');
    expect(stream.map((e) => [e.revision, e.metadata.via])).toEqual([
      [0n, 'import'],
      [1n, 'editor'],
    ]);
    const readModel = openReadModel(':memory:');
    await catchUp(store, readModel);
    expect(textIn(sqliteHandleOf(readModel), 'metric', 'deaths', 'label', 'People killed', 'ru').text).toBe(editorsLabel);
    expect(textIn(sqliteHandleOf(readModel), 'metric', 'deaths', 'label', 'People killed', 'kk')).toMatchObject({ language: 'kk', fellBack: false });
    readModel.close();
    expect((await verifyLog(store, { contiguous: true })).problem).toBeUndefined();
  });
});
