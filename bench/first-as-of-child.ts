/**
 * Run as its own process by bench/benchmarks/first-as-of.ts, so nothing is loaded before it:
 * `reader`  opens the read model as a restarted server does and times its first figuresAsOf;
 * `limit`   opens the same file with bare better-sqlite3 and times fetching as many figure rows by id.
 * Prints one line of JSON.
 */
import Database from 'better-sqlite3';
import { openReadModel } from '../src/read-model/read-model.js';
import { sqliteArchiveReader } from '../src/read-model/reader.js';
import { rng } from './prng.js';

const [mode, file, date, rowsArg] = process.argv.slice(2);
const started = performance.now();
if (mode === 'reader') {
  const readModel = openReadModel(file!);
  const opened = performance.now();
  const rows = sqliteArchiveReader(readModel).figuresAsOf({ date: date! }).length;
  const done = performance.now();
  readModel.close();
  console.log(JSON.stringify({ openMs: opened - started, queryMs: done - opened, rows }));
} else {
  const db = new Database(file!, { readonly: true });
  const opened = performance.now();
  const ids = db.prepare('SELECT id FROM figures').pluck().all() as number[];
  const r = rng(1, 'first-as-of-limit');
  const sample = JSON.stringify(Array.from({ length: Number(rowsArg) }, () => ids[r.int(0, ids.length - 1)]));
  const picked = performance.now();
  const rows = db.prepare('SELECT * FROM figures WHERE id IN (SELECT value FROM json_each(?))').raw().all(sample).length;
  const done = performance.now();
  db.close();
  // Listing the ids is the limit's own set-up, not part of what it measures.
  console.log(JSON.stringify({ openMs: opened - started, queryMs: done - picked, rows }));
}
