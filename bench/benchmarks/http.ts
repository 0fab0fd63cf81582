import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import autocannon from 'autocannon';
import { rng } from '../prng.js';
import { round } from '../stats.js';
import type { TableRow } from '../table.js';
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

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const publicDirectory = path.join(root, 'public');

/** A real server process, started as `npm start` starts it (tsx), on a free port. */
/** `imports`: what the server imports on start (QANTAR_IMPORT): the seed for the seed's rows, nothing for the synthetic archive. */
async function startServer(store: string, readModel: string, imports: string) {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src/server.ts')], {
    cwd: root,
    env: { ...process.env, QANTAR_STORE: store, QANTAR_READ_MODEL: readModel, PORT: String(port), HOST: '127.0.0.1', QANTAR_EDITOR_TOKENS: '', QANTAR_IMPORT: imports },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  return { child, url: `http://127.0.0.1:${port}`, started, output: () => output };
}

/** Polls a path until it answers 200; the time from process start to that answer. */
async function firstAnswer(server: Awaited<ReturnType<typeof startServer>>, pathname: string, timeoutMs: number) {
  while (performance.now() - server.started < timeoutMs) {
    if (server.child.exitCode !== null) throw new Error(`the server exited: ${server.output()}`);
    try {
      const response = await fetch(`${server.url}${pathname}`, { signal: AbortSignal.timeout(timeoutMs) });
      const body = await response.text();
      if (response.ok) return { ms: performance.now() - server.started, bytes: Buffer.byteLength(body) };
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  return undefined;
}

async function stop(child: ChildProcess) {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
  if (child.exitCode === null) child.kill('SIGKILL');
}

/** Peak resident memory of a process so far (VmHWM), in MB. */
function peakRssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return Math.round(kb / 1024);
}

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
  const name = `bench-${process.pid}-${bytes}.html`;
  const file = path.join(publicDirectory, name);
  fs.writeFileSync(file, `<!doctype html>${'x'.repeat(Math.max(0, bytes - 15))}`);
  try {
    return await load(url, seconds, () => `/static/${name}`);
  } finally {
    fs.rmSync(file, { force: true });
  }
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
  return { results, rows };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** The issue's memory target, the same for every server the benchmark starts. */
function memoryRow(what: string, peakMb: number) {
  return { what, measured: `${peakMb} MB`, limit: '–', ratio: '–', target: '≤ 400 MB', met: peakMb <= 400 };
}
