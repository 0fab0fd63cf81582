import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { loadArchiveDirectory } from '../../events/seed.js';
import { appendArchiveEvents } from '../../src/domain/append.js';
import { createApp, type AppOptions } from '../../src/http/app.js';
import type { Editor } from '../../src/config.js';
import type { AppContext } from '../../src/http/context.js';
import { followStore } from '../../src/read-model/follow.js';
import { waitForReadModel } from '../../src/http/wait.js';
import { toArchiveEvent } from '../../events/validate.js';
import { openReadModel } from '../../src/read-model/read-model.js';
import { sqliteArchiveReader } from '../../src/read-model/reader.js';
import { openSessionStore } from '../../src/http/session-store.js';
import { getSqliteEventStore } from '../../src/store/sqlite.js';

export const editorToken = 'test-editor-token-7f3a';
/** The name the fixture's token is given in QANTAR_EDITOR_TOKENS. */
export const editorName = 'test-editor';

/** A temp SQLite log seeded with the seed archive, its read model following it, editor sessions in a SQLite file beside it, and the app on top. */
export async function openTestArchive(options: { tokens?: string[]; editors?: Editor[]; app?: AppOptions; context?: Partial<AppContext> } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qantar-http-'));
  const store = getSqliteEventStore(path.join(dir, 'log.db'), { pollMs: 20 });
  const readModel = openReadModel(path.join(dir, 'read.db'));
  await appendArchiveEvents(store, loadArchiveDirectory(), { via: 'import' });
  const subscription = followStore(store, readModel);
  await subscription.caughtUp;
  const sessions = await openSessionStore(path.join(dir, 'sessions.db'));
  const reader = sqliteArchiveReader(readModel);
  const context: AppContext = {
    store,
    readModel,
    reader,
    editors: options.editors ?? (options.tokens ?? [editorToken]).map((token, i) => ({ name: i === 0 ? editorName : `${editorName}-${i + 1}`, token })),
    now: () => new Date('2024-03-01T06:00:00Z'),
    ...options.context,
  };
  return {
    app: createApp(context, { sessionSecret: 'test-session-secret', sessionStore: sessions.store, ...options.app }),
    store,
    readModel,
    reader,
    sessions,
    head: async () => String(await store.headPosition()),
    async close() {
      await subscription.unsubscribe();
      await sessions.close();
      readModel.close();
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type TestArchive = Awaited<ReturnType<typeof openTestArchive>>;

/** A new statement as the API takes it: StatementPublished data. */
export function newStatement(id: string, extra: Record<string, unknown> = {}) {
  return {
    id,
    publishedOn: '2023-03-01',
    speaker: { name: 'Test Speaker', role: 'Spokesperson', body: 'Supreme Court of Kazakhstan' },
    kind: 'announcement',
    title: `Update ${id}`,
    summary: 'A later official update.',
    figures: [
      { metric: 'persons-convicted', value: 1100, unit: 'persons', asOf: '2022-12-01', wording: 'by 1 December, 1,100 persons had been convicted' },
    ],
    topics: ['convictions'],
    sources: [{ title: 'Court press release', url: 'https://example.org/release', date: '2023-03-01' }],
    ...extra,
  };
}

/** Every place a stored text could leak out as markup or script in a rendered page. */
export function assertNoInlineCode(html: string): void {
  // Scripts only as the archive's own files, never inline: `<script src="/static/…" defer></script>`.
  const withoutOwnScripts = html.replace(/<script src="\/static\/[\w-]+\.js" defer><\/script>/g, '');
  if (/<script/i.test(withoutOwnScripts)) throw new Error('page contains a <script>');
  if (/\sstyle=/i.test(html)) throw new Error('page contains an inline style attribute');
  if (/\son[a-z]+=/i.test(html)) throw new Error('page contains an inline event handler');
}

/** `count` small statements, one a day from 2024-01-01, as events ready to append. */
export function manyStatementEvents(count: number) {
  const day = (i: number) => new Date(Date.UTC(2024, 0, 1 + i)).toISOString().slice(0, 10);
  return Array.from({ length: count }, (_, i) =>
    toArchiveEvent({
      type: 'StatementPublished',
      data: newStatement(`bulk-${String(i).padStart(4, '0')}`, {
        publishedOn: day(i),
        sources: [{ title: 'Court press release', url: 'https://example.org/release', date: day(i) }],
      }),
    }),
  );
}

/**
 * Appends `count` small statements, one a day from 2024-01-01, and waits for the read model to
 * hold them: an archive with more than one page of timeline.
 */
export async function appendManyStatements(archive: TestArchive, count: number) {
  const appended = await appendArchiveEvents(archive.store, manyStatementEvents(count), { via: 'import' });
  await waitForReadModel(archive.readModel, BigInt(appended.at(-1)?.position ?? 0));
}

/** The app served over real HTTP on 127.0.0.1 and a free port; `close` stops the server. */
export async function serveOnLoopback(app: TestArchive['app']) {
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
