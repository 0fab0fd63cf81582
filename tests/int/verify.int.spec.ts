import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendArchiveEvents } from '../../src/domain/append.js';
import { catchUp } from '../../src/read-model/follow.js';
import { openReadModel } from '../../src/read-model/read-model.js';
import { getSqliteEventStore } from '../../src/store/sqlite.js';
import { exportLog } from '../../src/exports/ndjson.js';
import { chainHashOf, contentHashOf } from '../../src/store/hashes.js';
import { verifyLog } from '../../src/verify/log.js';
import { verifyArchive } from '../../src/verify/verify.js';
import { correction, smallArchive } from '../fixtures/archive.js';
import { qantar } from '../fixtures/cli.js';

let dir: string;
let logFile: string;
let readFile: string;

/** A SQLite log (small archive + a correction, so one stream has a chain of two) and its read model on disk. */
beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qantar-verify-'));
  logFile = path.join(dir, 'log.db');
  readFile = path.join(dir, 'log.read.db');
  const store = getSqliteEventStore(logFile);
  await appendArchiveEvents(store, smallArchive, { via: 'import' });
  await appendArchiveEvents(store, [correction('hearing', { title: 'Corrected title' })], { via: 'cli' });
  const readModel = openReadModel(readFile);
  await catchUp(store, readModel);
  readModel.close();
  await store.close();
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const verify = async () => {
  const store = getSqliteEventStore(logFile, { readonly: true });
  try {
    return await verifyArchive(store, { contiguous: true, readModelFile: readFile });
  } finally {
    await store.close();
  }
};
const cli = () => qantar(['verify'], { QANTAR_STORE: `sqlite:${logFile}` });

/** Direct SQL on a file, as someone with the disk (not the app) would change it. */
const sql = (file: string, statement: string, ...params: unknown[]) => {
  const db = new Database(file);
  try {
    return db.prepare(statement).run(...params);
  } finally {
    db.close();
  }
};
const eventRow = (position: number) => {
  const db = new Database(logFile, { readonly: true });
  try {
    return db.prepare('SELECT * FROM events WHERE position = ?').get(position) as Record<string, string>;
  } finally {
    db.close();
  }
};

describe('every event carries a content hash and its stream a hash chain', () => {
  it('links each event to the one before it in its stream', async () => {
    const store = getSqliteEventStore(logFile, { readonly: true });
    const [published, corrected] = await store.readStream('statement-hearing');
    await store.close();
    const first = published!.metadata;
    expect(first.contentHash).toBe(contentHashOf(published!.type, published!.data));
    expect(first.previousHash).toBeNull();
    expect(first.chainHash).toBe(chainHashOf(null, first.contentHash as string));
    expect(corrected!.metadata.previousHash).toBe(first.chainHash);
  });

  it('keeps ids derived from content only: a retried append is still a no-op', async () => {
    const store = getSqliteEventStore(logFile);
    const again = await appendArchiveEvents(store, smallArchive, { via: 'import' });
    expect(again.every((e) => !e.written)).toBe(true);
    await store.close();
  });
});

describe('qantar verify', () => {
  it('passes an untouched archive, and the real CLI says so', async () => {
    const report = await verify();
    expect(report.ok).toBe(true);
    expect(report.log.events).toBe(smallArchive.length + 1);
    expect(report.readModel?.tables).toBeGreaterThan(3);
    const run = cli();
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/chain link checks out/);
    expect(run.stdout).toMatch(/equal a rebuild/);
  });

  it('catches one byte changed in one stored event and names it', async () => {
    const row = eventRow(4);
    const bytes = Buffer.from(row.data!);
    const at = bytes.indexOf('1095');
    bytes[at] = '2'.charCodeAt(0); // 1095 persons become 2095: still valid JSON, still valid data
    sql(logFile, 'UPDATE events SET data = ? WHERE position = 4', bytes.toString());

    const report = await verify();
    expect(report.ok).toBe(false);
    expect(report.log.problem).toMatchObject({ position: 4n, stream: row.stream, id: row.id });
    expect(report.log.problem?.reason).toMatch(/content was changed/);
    const run = cli();
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`position 4, stream ${row.stream}, event ${row.id}`);
  });

  it('names an event whose stored JSON no longer parses', async () => {
    const row = eventRow(3);
    sql(logFile, 'UPDATE events SET data = ? WHERE position = 3', row.data!.slice(0, -1));
    const report = await verify();
    expect(report.log.problem).toMatchObject({ position: 3n, stream: row.stream, id: row.id });
  });

  it('catches an event deleted from the middle of the log', async () => {
    sql(logFile, 'DELETE FROM events WHERE position = 2');
    const report = await verify();
    expect(report.log.problem?.reason).toMatch(/positions jump from 1 to 3/);
  });

  it('catches a rewritten chain link', async () => {
    const row = eventRow(6);
    const metadata = { ...JSON.parse(row.metadata!), previousHash: 'f'.repeat(64) };
    sql(logFile, 'UPDATE events SET metadata = ? WHERE position = 6', JSON.stringify(metadata));
    const report = await verify();
    expect(report.log.problem).toMatchObject({ position: 6n, stream: 'statement-hearing' });
    expect(report.log.problem?.reason).toMatch(/chain link is broken/);
  });

  it('catches a read model row that differs from a rebuild, naming the table', async () => {
    sql(readFile, "UPDATE figures SET value = value + 1 WHERE metric = 'convicted'");
    const report = await verify();
    expect(report.ok).toBe(false);
    expect(report.readModel?.problem?.table).toBe('figures');
    const run = cli();
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/read model table figures/);
  });

  it('catches a read model row that is missing', async () => {
    sql(readFile, "DELETE FROM statement_versions WHERE statement_id = 'late-report'");
    expect((await verify()).readModel?.problem?.table).toBe('statement_versions');
  });

  it('compares up to the stored checkpoint: a read model behind the log is not an error', async () => {
    const store = getSqliteEventStore(logFile);
    await appendArchiveEvents(store, [correction('late-report', { title: 'Later fix' })], { via: 'cli' });
    await store.close();
    const report = await verify();
    expect(report.ok).toBe(true);
    expect(report.readModel?.checkpoint).toBe(BigInt(smallArchive.length + 1));
  });
});

const hasPython = spawnSync('python3', ['--version']).status === 0;

describe.skipIf(!hasPython)('docs/verify-export.py: a reader checks an export without this code', () => {
  const script = path.resolve(import.meta.dirname, '../../docs/verify-export.py');
  const exportTo = async (file: string) => {
    const store = getSqliteEventStore(logFile, { readonly: true });
    let text = '';
    for await (const line of exportLog(store)) text += line;
    const report = await verifyLog(store, { contiguous: true });
    await store.close();
    fs.writeFileSync(file, text);
    const head = report.chainHead!;
    return { text, head: `${head.position}:${head.hash}` };
  };

  it('agrees with qantar verify on a good export, the head of the log-wide chain included', async () => {
    const file = path.join(dir, 'log.ndjson');
    const { head } = await exportTo(file);
    const run = spawnSync('python3', [script, file], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain(`Log head: ${head}`);
    const checked = spawnSync('python3', [script, '--expect-head', head, file], { encoding: 'utf8' });
    expect(checked.status, checked.stderr).toBe(0);
    expect(checked.stdout).toContain(`It matches the kept head ${head}`);
  });

  it('shows, against a kept head, a recorded time changed in the file and the newest event cut off', async () => {
    const file = path.join(dir, 'log.ndjson');
    const { text, head } = await exportTo(file);
    const lines = text.trimEnd().split('\n');
    const retimed = lines.map((line, i) => (i === 2 ? line.replace(/"recordedAt":"[^"]+"/, '"recordedAt":"2022-01-05T00:00:00.000Z"') : line));
    fs.writeFileSync(file, `${retimed.join('\n')}\n`);
    const changed = spawnSync('python3', [script, '--expect-head', head, file], { encoding: 'utf8' });
    expect(changed.status).toBe(1);
    expect(changed.stderr).toMatch(/not the history the kept head was taken from/);
    fs.writeFileSync(file, `${lines.slice(0, -1).join('\n')}\n`);
    const cut = spawnSync('python3', [script, '--expect-head', head, file], { encoding: 'utf8' });
    expect(cut.status).toBe(1);
    expect(cut.stderr).toMatch(/ends at position 5, before the kept head: events were dropped/);
  });

  it('names the event whose figure was changed in the file, and a line taken out', async () => {
    const file = path.join(dir, 'log.ndjson');
    const { text } = await exportTo(file);
    fs.writeFileSync(file, text.replace('"value":1095', '"value":1096'));
    const changed = spawnSync('python3', [script, file], { encoding: 'utf8' });
    expect(changed.status).toBe(1);
    expect(changed.stderr).toMatch(/position 4, stream statement-hearing, event .*: its content was changed/);
    fs.writeFileSync(file, text.split('\n').filter((_, i) => i !== 2).join('\n'));
    const missing = spawnSync('python3', [script, file], { encoding: 'utf8' });
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/an event is missing/);
  });
});
