/**
 * `npm run bench` (full scale, under 10 minutes on the 2-core machine) and
 * `npm run bench -- --quick` (seconds, for CI). Prints a table and writes bench/results.json.
 * Every timed figure sits beside a limit measured in the same run on the same machine, so
 * the ratios hold on a noisy shared machine even when the absolute figures do not.
 * `--only=append,rebuild,as-of,search,http` runs some benchmarks alone (for `node --cpu-prof`).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cachedArchive, cacheDirectory } from './archive-file.js';
import { appendBatched, appendSingle } from './benchmarks/append.js';
import { asOfQueries } from './benchmarks/as-of.js';
import { httpBenchmarks } from './benchmarks/http.js';
import { readAndParseOnly, rebuild } from './benchmarks/rebuild.js';
import { searchQueries } from './benchmarks/search.js';
import { generatorVersion } from './generate.js';
import { printTable, type TableRow } from './table.js';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const only = args.find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',');
const wanted = (name: string) => !only || only.includes(name);

const scale: { events: number; metrics: number; batched: number; single: number; queries: number; httpSeconds: number } = quick
  ? { events: 20_000, metrics: 200, batched: 5_000, single: 200, queries: 1_000, httpSeconds: 2 }
  : { events: 1_000_000, metrics: 1_000, batched: 100_000, single: 5_000, queries: 10_000, httpSeconds: 10 };
const flag = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
// --events=200000 runs the archive benchmarks at another size (for profiling), same seed.
if (flag('events')) scale.events = Number(flag('events'));
const seed = 20220104;
const years = 10;

const results: Record<string, unknown> = {
  startedAt: new Date().toISOString(),
  mode: quick ? 'quick' : 'full',
  machine: {
    cpus: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown'}`,
    memoryGB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    loadAverageAtStart: os.loadavg().map((x) => Math.round(x * 100) / 100),
  },
  archive: { generatorVersion, seed, years, events: scale.events, metrics: scale.metrics },
  benchmarks: {} as Record<string, unknown>,
};
const benchmarks = results.benchmarks as Record<string, unknown>;
const rows: TableRow[] = [];
const log = (message: string) => process.stderr.write(`${message}\n`);

const workDir = path.join(cacheDirectory, `run-${process.pid}`);
fs.mkdirSync(workDir, { recursive: true });
try {
  log(`archive: ${scale.events} events over ${scale.metrics} metrics (seed ${seed}, generator v${generatorVersion})…`);
  const archive = await cachedArchive({ seed, events: scale.events, metrics: scale.metrics, years });
  log(archive.built ? `  generated in ${(archive.ms / 1000).toFixed(1)} s into ${archive.file}` : `  from cache ${archive.file}`);
  const readModelFile = archive.file.replace(/\.db$/, '.read.db');

  if (wanted('append')) {
    log(`append, batched: ${scale.batched} events in batches of 100…`);
    const batched = await appendBatched(workDir, seed, scale.batched);
    benchmarks.appendBatched = batched;
    rows.push({
      what: `append, batched (${scale.batched.toLocaleString('en')} events, 100 a batch, fsync)`,
      measured: `${batched.eventsPerSecond.toLocaleString('en')} events/s`,
      limit: `${batched.limit.toLocaleString('en')} events/s (bare SQLite, same rows, same fsyncs)`,
      ratio: batched.ratio,
      target: '≥ 50,000 events/s',
      met: batched.eventsPerSecond >= 50_000,
    });
    log(`append, single: ${scale.single} single-event appends…`);
    const single = await appendSingle(workDir, seed, scale.single);
    benchmarks.appendSingle = single;
    rows.push({
      what: `append, single (${scale.single.toLocaleString('en')} × 1 event, fsync)`,
      measured: `p99 ${single.p99} ms (p50 ${single.p50})`,
      limit: `p99 ${single.limitP99} ms (bare SQLite commit, p50 ${single.limitP50})`,
      ratio: single.ratio,
      target: 'p99 ≤ 2 ms',
      met: single.p99 <= 2,
    });
  }

  if (wanted('rebuild')) {
    log('rebuild: the limit (read and JSON.parse only)…');
    const limit = readAndParseOnly(archive.file);
    log('rebuild: every projection from an empty read model…');
    const built = await rebuild(archive.file, readModelFile);
    const ratio = Math.round((built.eventsPerSecond / limit.eventsPerSecond) * 100) / 100;
    benchmarks.rebuild = { ...built, limit, ratio };
    rows.push({
      what: `rebuild (${built.events.toLocaleString('en')} events, every projection)`,
      measured: `${built.eventsPerSecond.toLocaleString('en')} events/s (${(built.ms / 1000).toFixed(1)} s)`,
      limit: `${limit.eventsPerSecond.toLocaleString('en')} events/s (read + JSON.parse only)`,
      ratio,
      target: '≥ 200,000 events/s and ≥ 0.5 of the limit',
      met: built.eventsPerSecond >= 200_000 && ratio >= 0.5,
    });
  }

  if (wanted('as-of')) {
    log(`as-of: ${scale.queries} random queries…`);
    const asOf = asOfQueries(readModelFile, seed, scale.queries, years);
    benchmarks.asOf = asOf;
    rows.push({
      what: `as-of query (${scale.queries.toLocaleString('en')} random date/known/at, ${asOf.metrics} metrics)`,
      measured: `p99 ${asOf.p99} ms (p50 ${asOf.p50}; first ${asOf.firstQueryMs})`,
      limit: `p99 ${asOf.limitP99} ms (fetching ${asOf.meanFiguresPerAnswer} figure rows by id, no search)`,
      ratio: asOf.ratio,
      target: 'p99 ≤ 2 ms',
      met: asOf.p99 <= 2,
    });
  }

  if (wanted('search')) {
    log(`search: ${scale.queries} queries of words from the archive…`);
    const search = await searchQueries(archive.file, readModelFile, seed, scale.queries);
    benchmarks.search = search;
    rows.push({
      what: `search (${scale.queries.toLocaleString('en')} words and prefixes, ${search.documents.toLocaleString('en')} texts; mean ${search.meanMatches.toLocaleString('en')} matches)`,
      measured: `p99 ${search.p99} ms (p50 ${search.p50}; first ${search.firstQueryMs})`,
      limit: `p99 ${search.limitP99} ms (bare FTS5 on the same table: the same matches read, ranked, counted; p50 ${search.limitP50})`,
      ratio: search.ratio,
      target: 'p99 ≤ 100 ms',
      met: search.p99 <= 100,
    });
  }

  if (wanted('http')) {
    const http = await httpBenchmarks({ logFile: archive.file, readModelFile, workDir, seconds: scale.httpSeconds, seed, years, log });
    benchmarks.http = http.results;
    rows.push(...http.rows);
  }
} finally {
  fs.rmSync(workDir, { recursive: true, force: true });
}

(results.machine as Record<string, unknown>).loadAverageAtEnd = os.loadavg().map((x) => Math.round(x * 100) / 100);
results.table = rows;
fs.writeFileSync(path.join(path.dirname(new URL(import.meta.url).pathname), 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
printTable(rows, results.machine as Record<string, unknown>);
