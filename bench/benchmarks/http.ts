import path from 'node:path';
import autocannon from 'autocannon';
import { rng } from '../prng.js';
import { round } from '../stats.js';
import type { TableRow } from '../table.js';
import { checksCsvMemory, checksDays, checksLatency } from './checks.js';
import { cliChecksMemory } from './cli-checks.js';
import { deepPages } from './paging.js';
import { firstAnswer, peakRssMb, startServer, stop, withStaticFile } from './server-process.js';
import { seedDirectory } from '../../events/seed.js';

export type HttpOptions = Readonly<{
  logFile: string;
  readModelFile: string;
  workDir: string;
  seconds: number;
  seed: number;
  years: number;
  log: (message: string) => void;
}>;

/** autocannon for `seconds`, each request with a fresh random path. */
async function load(url: string, seconds: number, nextPath: () => string) {
  const result = await autocannon({
    url,
    connections: 10,
    duration: seconds,
    requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: nextPath() }) }],
  });
  return {
    requestsPerSecond: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
    bytesPerRequest: Math.round(result.throughput.total / Math.max(1, result.requests.total)),
  };
}

/** The same server serving a static file of the same size: what the framework itself allows. */
async function staticLoad(url: string, seconds: number, bytes: number) {
  return withStaticFile(bytes, (pathname) => load(url, seconds, () => pathname));
}

export async function httpBenchmarks(o: HttpOptions): Promise<{ results: unknown; rows: TableRow[] }> {
  const r = rng(o.seed, 'http');
  const span = Math.round((o.years + 1) * 365.25);
  const randomDay = () => new Date(Date.UTC(2021, 6, 1) + r.int(0, span) * 86_400_000).toISOString().slice(0, 10);
  const rows: TableRow[] = [];
  const results: Record<string, unknown> = {};

  // 1. /figures?date= on the seed archive: a fresh log, seeded by the server on start.
  o.log(`http: /figures?date= on the seed archive, ${o.seconds} s…`);
  const seedServer = await startServer(`sqlite:${path.join(o.workDir, 'seed.db')}`, path.join(o.workDir, 'seed.read.db'), seedDirectory);
  try {
    const ready = await firstAnswer(seedServer, '/figures?date=2023-01-05', 60_000);
    if (!ready) throw new Error(`the seed server did not answer: ${seedServer.output()}`);
    const pages = await load(seedServer.url, o.seconds, () => `/figures?date=${randomDay()}`);
    const statics = await staticLoad(seedServer.url, o.seconds, pages.bytesPerRequest);
    const ratio = round(pages.requestsPerSecond / statics.requestsPerSecond, 2);
    results.seedFiguresPage = { ...pages, static: statics, ratio };
    rows.push({
      what: '/figures?date= (seed archive, random dates)',
      measured: `${pages.requestsPerSecond.toLocaleString('en')} req/s, p99 ${pages.p99} ms${pages.errors ? `, ${pages.errors} errors` : ''}`,
      limit: `${statics.requestsPerSecond.toLocaleString('en')} req/s (static file, ${pages.bytesPerRequest} B)`,
      ratio,
      target: '≥ 2,000 req/s at p99 ≤ 50 ms',
      met: pages.requestsPerSecond >= 2000 && pages.p99 <= 50 && pages.errors === 0,
    });
  } finally {
    await stop(seedServer.child);
  }

  // 2. The large archive, restarted with its read model built: time to `/`, and memory then.
  o.log('http: restart on the large archive (read model already built)…');
  const restarted = await startServer(`sqlite:${o.logFile}`, o.readModelFile, 'none');
  try {
    const listening = await firstAnswer(restarted, '/healthz', 120_000);
    const home = await firstAnswer(restarted, '/', 60_000);
    const peak = peakRssMb(restarted.child.pid!);
    results.restart = { healthzMs: listening && round(listening.ms, 0), homeMs: home && round(home.ms, 0), homeBytes: home?.bytes, peakRssMb: peak };
    rows.push({
      what: 'restart to serving / (large archive, read model built)',
      measured: home ? `${(home.ms / 1000).toFixed(2)} s (${Math.round(home.bytes / 1024).toLocaleString('en')} KB page)` : 'no answer within 60 s',
      limit: listening ? `${(listening.ms / 1000).toFixed(2)} s to /healthz` : '–',
      ratio: home && listening ? round(home.ms / listening.ms, 2) : '–',
      target: '≤ 2 s, no full replay',
      met: home ? home.ms <= 2000 && !/Rebuilding/.test(restarted.output()) : false,
    });
    rows.push(memoryRow('memory: peak RSS, restart and serving / (large archive)', peak));
  } finally {
    await stop(restarted.child);
  }

  // 3. /api/figures under load on the large archive, in a fresh server process.
  const big = await startServer(`sqlite:${o.logFile}`, o.readModelFile, 'none');
  try {
    await firstAnswer(big, '/healthz', 120_000);
    // The first as-of request pays for the in-memory index; it is reported, then the load runs warm.
    const t = performance.now();
    await (await fetch(`${big.url}/api/figures?date=2030-01-01`)).text();
    const firstAsOfMs = round(performance.now() - t, 0);
    const metrics = (await (await fetch(`${big.url}/api/metrics`)).json()) as { metrics?: { topic: string }[] } | { topic: string }[];
    const topicIds = [...new Set((Array.isArray(metrics) ? metrics : (metrics.metrics ?? [])).map((m) => m.topic))];
    o.log(`http: /api/figures?date=&topic= on the large archive (${topicIds.length} topics), ${o.seconds} s…`);
    const api = await load(big.url, o.seconds, () => `/api/figures?date=${randomDay()}${topicIds.length ? `&topic=${r.pick(topicIds)}` : ''}`);
    const statics = await staticLoad(big.url, o.seconds, api.bytesPerRequest);
    const ratio = round(api.requestsPerSecond / statics.requestsPerSecond, 2);
    const peak = peakRssMb(big.child.pid!);
    results.largeApiFigures = { ...api, static: statics, ratio, firstAsOfMs, peakRssMb: peak };
    rows.push({
      what: '/api/figures?date=&topic= (large archive, random)',
      measured: `${api.requestsPerSecond.toLocaleString('en')} req/s, p99 ${api.p99} ms${api.errors ? `, ${api.errors} errors` : ''} (first ${firstAsOfMs} ms)`,
      limit: `${statics.requestsPerSecond.toLocaleString('en')} req/s (static file, ${api.bytesPerRequest} B)`,
      ratio,
      target: '≥ 1,000 req/s at p99 ≤ 50 ms',
      met: api.requestsPerSecond >= 1000 && api.p99 <= 50 && api.errors === 0,
    });
    rows.push(memoryRow('memory: peak RSS serving /api/figures (large archive)', peak));
  } finally {
    await stop(big.child);
  }

  // 4. The checks and deep pages, on a fresh server: the CSV first, before anything heavy has run.
  const days = checksDays(o.readModelFile, o.seed, o.years);
  const reads = await startServer(`sqlite:${o.logFile}`, o.readModelFile, 'none');
  try {
    if (!(await firstAnswer(reads, '/healthz', 120_000))) throw new Error(`the server did not answer: ${reads.output()}`);
    o.log('http: the checks CSV of the date with the most findings…');
    const csv = await checksCsvMemory(reads, days);
    results.checksCsv = csv.result;
    o.log(`http: /checks and /api/checks at random dates and pages, ${o.seconds} s each…`);
    const checks = await checksLatency(reads, days, o.seed, o.seconds);
    Object.assign(results, checks.results);
    o.log(`http: a deep page against the first, timeline and /api/statements, ${o.seconds} s each…`);
    const deep = await deepPages(reads, o.seconds);
    results.deepPages = deep.results;
    rows.push(...checks.rows, csv.row, ...deep.rows);
    // Search (reader.search, being built) gets its row here: random terms, p99 beside a limit from this run.
  } catch (error) {
    throw new Error(`${(error as Error).message}; the server said: ${reads.output().slice(-2000)}`, { cause: error });
  } finally {
    await stop(reads.child);
  }

  o.log('cli: qantar checks on the date with the most findings…');
  const cli = cliChecksMemory(o.logFile, o.readModelFile, [...days].sort((a, b) => b.total - a.total)[0]!);
  results.cliChecks = cli.result;
  rows.push(cli.row);
  return { results, rows };
}

/** The issue's memory target, the same for every server the benchmark starts. */
export function memoryRow(what: string, peakMb: number) {
  return { what, measured: `${peakMb} MB`, limit: '–', ratio: '–', target: '≤ 400 MB', met: peakMb <= 400 };
}
