/**
 * `qantar migrate` SQLite → EventStoreDB → SQLite, the CLI run as a user runs it (a process of its
 * own), the EventStoreDB side being the protocol double reached through the real client over real
 * gRPC. Each leg prints the sha256 of both logs; all four must be one.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { loadArchiveDirectory } from '../../events/seed.js';
import { appendArchiveEvents } from '../../src/domain/append.js';
import type { EventStore } from '../../src/store/port.js';
import { getSqliteEventStore } from '../../src/store/sqlite.js';
import { startProtocolDouble } from '../protocol-double/server.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qantar-esdb-migrate-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/**
 * The CLI in a child process. Asynchronously: the double answers from this process, which a
 * synchronous spawn would block.
 */
async function qantar(args: readonly string[]) {
  const run = promisify(execFile);
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli/main.ts'), ...args], { cwd: root });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const hashes = (stdout: string) => [...stdout.matchAll(/sha256 ([0-9a-f]{64})/g)].map((m) => m[1]);

/** Everything a migration keeps, in log order. */
const kept = async (store: EventStore) =>
  (await store.readAll()).map(({ id, stream, revision, type, data, metadata }) => ({ id, stream, revision, type, data, metadata }));

describe('qantar migrate through EventStoreDB (protocol double)', () => {
  it('SQLite → EventStoreDB → SQLite keeps every event, and the four digests are one', async () => {
    const from = path.join(dir, 'from.db');
    const back = path.join(dir, 'back.db');
    const source = getSqliteEventStore(from);
    await appendArchiveEvents(source, loadArchiveDirectory(), { via: 'import' });
    const sourceEvents = await kept(source);
    await source.close();

    const double = await startProtocolDouble();
    try {
      // Small pages, so both legs cross many page boundaries.
      const there = await qantar(['migrate', '--from', `sqlite:${from}`, '--to', double.connectionString, '--page-size', '25']);
      expect(there.stderr).toBe('');
      expect(there.code).toBe(0);
      expect(there.stdout).toContain(`${sourceEvents.length} events copied, 0 already in the target`);
      const [sourceHash, esdbHash] = hashes(there.stdout);
      expect(esdbHash).toBe(sourceHash);

      const again = await qantar(['migrate', '--from', `sqlite:${from}`, '--to', double.connectionString]);
      expect(again.stdout).toContain(`0 events copied, ${sourceEvents.length} already in the target`);

      const home = await qantar(['migrate', '--from', double.connectionString, '--to', `sqlite:${back}`, '--page-size', '25']);
      expect(home.stderr).toBe('');
      expect(home.code).toBe(0);
      expect(hashes(home.stdout)).toEqual([sourceHash, sourceHash]);
      expect(home.stdout).toContain('Verified');
    } finally {
      await double.stop();
    }
    const returned = getSqliteEventStore(back);
    expect(await kept(returned)).toEqual(sourceEvents);
    await returned.close();
  });
});
