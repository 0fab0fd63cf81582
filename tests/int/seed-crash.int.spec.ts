import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importArchive } from '../../src/domain/import-archive.js';
import { getInMemoryEventStore } from '../../src/store/memory.js';
import { qantar } from '../fixtures/cli.js';
import { startTsx, type Running } from './fixtures/process.js';
import { startServer } from './fixtures/server.js';

/**
 * Issue 11, item 2: a process killed while it imports the archive directories into an empty log
 * (the first `npm start`, or `qantar import`) leaves a log the next run completes. Each run below
 * is killed at another moment after it opened the log, from at once to after it is done.
 */
const delaysMs = [0, 20, 80, 160, 200, 240, 280, 320];
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qantar-seed-crash-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The archive's event ids in log order, as a clean import writes them. */
let seedIds: string[];
beforeAll(async () => {
  const store = getInMemoryEventStore();
  await importArchive(store);
  seedIds = (await store.readAll()).map((e) => e.id);
});

/** The ids in a log file, in log order, read as anyone with the disk would. */
function idsIn(file: string): string[] {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare('SELECT id FROM events ORDER BY position').all() as { id: string }[]).map((r) => r.id);
  } finally {
    db.close();
  }
}

/** Resolves once the process has created the log's table, i.e. opened the log and is about to import. */
async function logOpened(file: string, process: Running): Promise<void> {
  for (const deadline = Date.now() + 30_000; Date.now() < deadline; await sleep(1)) {
    if (process.child.exitCode !== null) throw new Error(`exited before opening the log: ${process.stderr()}`);
    if (!fs.existsSync(file)) continue;
    try {
      idsIn(file);
      return;
    } catch {
      // Not created yet, or created but without its table.
    }
  }
  throw new Error('the log was not opened within 30 s');
}

/** Starts `run` on a fresh log, kills it `delay` ms after it opened the log, and says what the kill left. */
async function killWhileImporting(name: string, delay: number, run: (env: Record<string, string>) => Running) {
  const log = path.join(dir, `${name}-${delay}.db`);
  const env = { QANTAR_STORE: `sqlite:${log}`, QANTAR_READ_MODEL: path.join(dir, `${name}-${delay}.read.db`) };
  const running = run(env);
  await logOpened(log, running);
  await sleep(delay);
  await running.kill('SIGKILL');
  return { log, env, left: idsIn(log).length };
}

/** A log holds the whole archive, in order, and `qantar verify` passes on it and its read model. */
function expectComplete(log: string, env: Record<string, string>) {
  expect(idsIn(log)).toEqual(seedIds);
  const verify = qantar(['verify'], env);
  expect(verify.stderr).toBe('');
  expect(verify.code).toBe(0);
}

describe('an import killed midway is completed by the next run', () => {
  it(`npm start killed while it seeds an empty log, at ${delaysMs.length} moments: each restart completes the seed`, async () => {
    const left: number[] = [];
    for (const delay of delaysMs) {
      const killed = await killWhileImporting('server', delay, (env) => startTsx('src/server.ts', [], { env: { PORT: '0', HOST: '127.0.0.1', ...env } }));
      left.push(killed.left);
      const restarted = await startServer(killed.env);
      await restarted.stop();
      expectComplete(killed.log, killed.env);
    }
    console.log(`seed crash test: events left by each kill of npm start (of ${seedIds.length}): ${left.join(', ')}`);
    // One transaction: a kill leaves all of the seed or none of it, never a part.
    expect(left.every((n) => n === 0 || n === seedIds.length)).toBe(true);
  }, 240_000);

  it(`qantar import killed at ${delaysMs.length} moments: running it again completes the import`, async () => {
    const left: number[] = [];
    for (const delay of delaysMs) {
      const killed = await killWhileImporting('cli', delay, (env) => startTsx('src/cli/main.ts', ['import'], { env }));
      left.push(killed.left);
      const again = qantar(['import'], killed.env);
      expect(again.code).toBe(0);
      expect(again.stdout).toMatch(new RegExp(`: ${seedIds.length - killed.left} new events, ${killed.left} already in the log`));
      expectComplete(killed.log, killed.env);
    }
    console.log(`seed crash test: events left by each kill of qantar import (of ${seedIds.length}): ${left.join(', ')}`);
    expect(left.every((n) => n === 0 || n === seedIds.length)).toBe(true);
  }, 240_000);
});
