import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadArchiveDirectory } from '../../events/seed.js';
import { appendArchiveEvents } from '../../src/domain/append.js';
import { getSqliteEventStore } from '../../src/store/sqlite.js';
import { editorName, editorToken, newStatement, openTestArchive, type TestArchive } from './http-fixture.js';
import { startServer, type ServerProcess } from './fixtures/server.js';

const seedStatements = loadArchiveDirectory()
  .filter((e) => e.type === 'StatementPublished')
  .map((e) => (e.data as { id: string }).id);
const headers = { Authorization: `Bearer ${editorToken}`, 'Content-Type': 'application/json' };

const correct = (base: string, id: string, ifMatch: string, title: string) =>
  fetch(`${base}/api/statements/${id}/corrections`, {
    method: 'POST',
    headers: { ...headers, 'If-Match': ifMatch },
    body: JSON.stringify({ reason: `editor ${title}`, changes: { title } }),
  });
const publish = (base: string, body: unknown) =>
  fetch(`${base}/api/statements`, { method: 'POST', headers, body: JSON.stringify(body) });

/** Two editors, same statement, same revision, at once: exactly one wins, the other is told its copy is stale. */
async function raceCorrections(bases: [string, string], id: string) {
  const etag = (await fetch(`${bases[0]}/api/statements/${id}`)).headers.get('etag')!;
  const answers = await Promise.all([correct(bases[0], id, etag, 'Editor A'), correct(bases[1], id, etag, 'Editor B')]);
  const statuses = answers.map((r) => r.status).sort();
  expect(statuses).toEqual([200, 412]);
  // The winner's server has applied its own write before answering (another server may lag a poll).
  const winner = answers[0]!.status === 200 ? 0 : 1;
  const after = await (await fetch(`${bases[winner]}/api/statements/${id}`)).json();
  expect(after.title ?? after.statement?.title).toBe(winner === 0 ? 'Editor A' : 'Editor B');
}

/** N identical appends at once (a client retrying on a timeout): one event, every answer a success. */
async function raceRetries(bases: string[], id: string, n: number, count: () => Promise<number>) {
  const body = newStatement(id);
  const answers = await Promise.all(Array.from({ length: n }, (_, i) => publish(bases[i % bases.length]!, body)));
  expect(answers.every((r) => r.status === 200 || r.status === 201)).toBe(true);
  const appended = await Promise.all(answers.map(async (r) => (await r.json()).appended as number));
  expect(appended.reduce((a, b) => a + b, 0)).toBe(1);
  expect(await count()).toBe(1);
}

describe('concurrency over real HTTP, one server', () => {
  let archive: TestArchive;
  let server: ReturnType<TestArchive['app']['listen']>;
  let base: string;
  beforeAll(async () => {
    archive = await openTestArchive({ app: { writeLimit: { windowMs: 60_000, limit: 10_000 } } });
    server = archive.app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await archive.close();
  });

  it('two editors correcting the same statement from the same revision: one 200, one 412 (every seed statement)', async () => {
    for (const id of seedStatements) await raceCorrections([base, base], id);
  });

  it('20 concurrent identical appends give exactly one event', async () => {
    const count = async () => (await archive.store.readStream('statement-retried-once')).length;
    await raceRetries([base], 'retried-once', 20, count);
  });
});

describe('concurrency across two server processes on one SQLite log', () => {
  let dir: string;
  let servers: ServerProcess[] = [];
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qantar-two-servers-'));
    const log = path.join(dir, 'log.db');
    const store = getSqliteEventStore(log);
    await appendArchiveEvents(store, loadArchiveDirectory(), { via: 'import' });
    await store.close();
    servers = await Promise.all(
      ['a', 'b'].map((name) =>
        startServer({ QANTAR_STORE: `sqlite:${log}`, QANTAR_READ_MODEL: path.join(dir, `${name}.read.db`), QANTAR_EDITOR_TOKENS: `${editorName}:${editorToken}` }),
      ),
    );
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('one editor on each server, same statement, same revision: one 200, one 412', async () => {
    for (const id of seedStatements.slice(0, 5)) await raceCorrections([servers[0]!.url, servers[1]!.url], id);
  });

  it('identical retries spread over both servers give exactly one event', async () => {
    const count = async () => {
      const store = getSqliteEventStore(path.join(dir, 'log.db'), { readonly: true });
      try {
        return (await store.readStream('statement-retried-across')).length;
      } finally {
        await store.close();
      }
    };
    await raceRetries(servers.map((s) => s.url), 'retried-across', 10, count);
  });
});
