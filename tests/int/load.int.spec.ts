import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { catchUp } from '../../src/read-model/follow.js';
import { openReadModel, sqliteHandleOf } from '../../src/read-model/read-model.js';
import { getSqliteEventStore } from '../../src/store/sqlite.js';
import { verifyArchive } from '../../src/verify/verify.js';
import { dumpTables } from '../fixtures/read-model.js';
import { newStatement } from './http-fixture.js';
import { startServer } from './fixtures/server.js';

const seconds = Number(process.env.QANTAR_LOAD_SECONDS ?? 30);
const readers = 12;
// Under the server's default write limit (30 a minute per client): a trickle, not a flood.
const writeEveryMs = 1500;
const token = 'load-test-token';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qantar-load-'));
const logFile = path.join(dir, 'log.db');
const readFile = path.join(dir, 'read.db');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const readPaths = [
  '/',
  '/?topic=amnesty',
  '/?at=40',
  '/statements/hearing-2023-01-05-asylov',
  '/statements/unrest-2022-01-04',
  '/figures?date=2023-01-05',
  '/figures?date=2022-11-01&known=2022-12-01',
  '/metrics',
  '/metrics/persons-convicted',
  '/about',
  '/api/statements',
  '/api/statements/amnesty-applied-currently',
  '/api/figures?date=2023-01-05',
  '/api/figures.csv?date=2023-01-05',
  '/api/metrics',
  '/api/metrics/amnesty-granted',
  '/healthz',
  '/readyz',
];

type Stats = { latencies: number[]; statuses: Map<number, number>; failures: string[]; byPath: Map<string, number[]> };
const record = (stats: Stats, key: string, status: number, started: number) => {
  const ms = performance.now() - started;
  stats.latencies.push(ms);
  stats.statuses.set(status, (stats.statuses.get(status) ?? 0) + 1);
  stats.byPath.set(key, [...(stats.byPath.get(key) ?? []), ms]);
};
/** The slowest kinds of request, by median: where to look first when p99 grows. */
const slowest = (stats: Stats) =>
  [...stats.byPath]
    .map(([key, ms]) => [key, [...ms].sort((a, b) => a - b)[Math.floor(ms.length / 2)]!] as const)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([key, median]) => `${key} ${median.toFixed(0)} ms`)
    .join(', ');
const headOf = (file: string) => {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare('SELECT max(position) AS head FROM events').get() as { head: number }).head;
  } finally {
    db.close();
  }
};
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

describe('load: mixed traffic against a real server process', () => {
  it(`${seconds} s of reads with a trickle of appends and corrections: no 5xx, nothing lost, read model = rebuild`, async () => {
    const server = await startServer({ QANTAR_STORE: `sqlite:${logFile}`, QANTAR_READ_MODEL: readFile, QANTAR_EDITOR_TOKENS: `editor:${token}` });
    const stats: Stats = { latencies: [], statuses: new Map(), failures: [], byPath: new Map() };
    /** Every append the server acknowledged with a 2xx, as stream@revision. */
    const acknowledged: string[] = [];
    const published: string[] = [];
    const deadline = Date.now() + seconds * 1000;

    const timed = async (url: string, init?: RequestInit) => {
      const started = performance.now();
      try {
        const res = await fetch(`${server.url}${url}`, { ...init, signal: AbortSignal.timeout(10_000) });
        const body = await res.text();
        const key = `${init?.method ?? 'GET'} ${url.replace(/load-\d+/, 'load-N').replace(/\?.*$/, '')}`;
        record(stats, key, res.status, started);
        if (res.status >= 500) stats.failures.push(`${init?.method ?? 'GET'} ${url}: ${res.status} ${body.slice(0, 200)}`);
        return { status: res.status, body, etag: res.headers.get('etag') };
      } catch (error) {
        stats.failures.push(`${init?.method ?? 'GET'} ${url}: ${(error as Error).message}`);
        return { status: 0, body: '', etag: null };
      }
    };

    const reader = async () => {
      while (Date.now() < deadline) {
        const own = published.length && Math.random() < 0.15 ? `/statements/${published[Math.floor(Math.random() * published.length)]}` : undefined;
        await timed(own ?? readPaths[Math.floor(Math.random() * readPaths.length)]!);
      }
    };

    const writer = async () => {
      const json = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
      for (let n = 0; Date.now() < deadline; n++) {
        const next = Date.now() + writeEveryMs;
        if (n % 3 === 2 && published.length) {
          // A correction from the revision the editor just read.
          const id = published[n % published.length]!;
          const current = await timed(`/api/statements/${id}`);
          const res = await timed(`/api/statements/${id}/corrections`, {
            method: 'POST',
            headers: { ...json, 'If-Match': current.etag ?? '"0"' },
            body: JSON.stringify({ reason: `load correction ${n}`, changes: { title: `Corrected under load ${n}` } }),
          });
          if (res.status === 200) acknowledged.push(`statement-${id}@${JSON.parse(res.body).revision}`);
        } else {
          const id = `load-${n}`;
          const res = await timed('/api/statements', { method: 'POST', headers: json, body: JSON.stringify(newStatement(id)) });
          if (res.status === 201) {
            acknowledged.push(`statement-${id}@0`);
            published.push(id);
          }
        }
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, next - Date.now())));
      }
    };

    // The server seeded the empty log before it started listening: that is where the load begins.
    const seedHead = headOf(logFile);
    await Promise.all([writer(), ...Array.from({ length: readers }, reader)]);
    await server.stop();

    const sorted = [...stats.latencies].sort((a, b) => a - b);
    const served = sorted.length;
    const fiveXx = [...stats.statuses].filter(([s]) => s >= 500).reduce((n, [, c]) => n + c, 0);
    console.log(
      `load: ${served} requests in ${seconds} s (${Math.round(served / seconds)}/s), statuses ${JSON.stringify(Object.fromEntries(stats.statuses))}, ` +
        `${fiveXx} 5xx, p50 ${percentile(sorted, 50).toFixed(1)} ms, p99 ${percentile(sorted, 99).toFixed(1)} ms, max ${sorted.at(-1)?.toFixed(1)} ms; ` +
        `${acknowledged.length} appends acknowledged; slowest medians: ${slowest(stats)}`,
    );
    expect(stats.failures).toEqual([]);
    expect(fiveXx).toBe(0);
    expect(acknowledged.length).toBeGreaterThan(Math.floor(seconds / 3));

    // The log holds exactly the acknowledged appends after the seed: none lost, none extra.
    const db = new Database(logFile, { readonly: true });
    const written = (db.prepare('SELECT stream, revision FROM events WHERE position > ? ORDER BY position').all(seedHead) as { stream: string; revision: number }[]).map(
      (r) => `${r.stream}@${r.revision}`,
    );
    db.close();
    expect(seedHead).toBeGreaterThan(0);
    expect(written.sort()).toEqual([...acknowledged].sort());

    // The read model the server kept under load equals a rebuild, and every hash chain holds.
    const store = getSqliteEventStore(logFile, { readonly: true });
    const report = await verifyArchive(store, { contiguous: true, readModelFile: readFile });
    expect(report.log.problem).toBeUndefined();
    expect(report.readModel?.problem).toBeUndefined();
    const rebuilt = openReadModel(':memory:');
    await catchUp(store, rebuilt);
    const kept = new Database(readFile, { readonly: true });
    expect(dumpTables(kept)).toBe(dumpTables(sqliteHandleOf(rebuilt)));
    kept.close();
    rebuilt.close();
    await store.close();
  }, 60_000 + seconds * 2000);
});
