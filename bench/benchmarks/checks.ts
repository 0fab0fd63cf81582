import { openReadModel } from '../../src/read-model/read-model.js';
import { sqliteArchiveReader } from '../../src/read-model/reader.js';
import { rng } from '../prng.js';
import { round } from '../stats.js';
import type { TableRow } from '../table.js';
import { peakRssMb, rssMb, sequentialLoad, withStaticFile, type Server } from './server-process.js';

/** /checks shows the resolved findings this many a page (src/http/routes/checks.ts). */
const resolvedPageSize = 100;

type Day = Readonly<{ date: string; total: number; holding: number }>;

/** Random dates over the archive's span, each with how many findings it has: pages and offsets are drawn within them. */
export function checksDays(readModelFile: string, seed: number, years: number, count = 40): Day[] {
  const r = rng(seed, 'checks-days');
  const span = Math.round((years + 1) * 365.25);
  const readModel = openReadModel(readModelFile);
  try {
    const reader = sqliteArchiveReader(readModel);
    return Array.from({ length: count }, () => {
      const date = new Date(Date.UTC(2021, 6, 1) + r.int(0, span) * 86_400_000).toISOString().slice(0, 10);
      return { date, ...reader.countFindings({ date }) };
    });
  } finally {
    readModel.close();
  }
}

/**
 * `/checks?date=&page=` and `/api/checks?date=&offset=` at random dates and pages, one request at a
 * time, each beside the same server sending a static file of the same size the same way.
 */
export async function checksLatency(server: Server, days: readonly Day[], seed: number, seconds: number) {
  const r = rng(seed, 'checks-pages');
  const page = () => {
    const day = r.pick(days);
    const pages = Math.max(1, Math.ceil((day.total - day.holding) / resolvedPageSize));
    return `/checks?date=${day.date}&page=${r.int(1, pages)}`;
  };
  const api = () => {
    const day = r.pick(days);
    return `/api/checks?date=${day.date}&offset=${r.int(0, Math.max(0, day.total - 1))}`;
  };
  const rows: TableRow[] = [];
  const results: Record<string, unknown> = {};
  for (const [name, what, nextPath] of [
    ['checksPage', '/checks?date=&page= (large archive, random dates and pages)', page],
    ['apiChecks', '/api/checks?date=&offset= (large archive, random dates and offsets)', api],
  ] as const) {
    const measured = await sequentialLoad(server.url, seconds, nextPath);
    const limit = await withStaticFile(measured.bytesPerRequest, (p) => sequentialLoad(server.url, seconds, () => p));
    const ratio = round(measured.p99 / limit.p99, 2);
    results[name] = { ...measured, static: limit, ratio };
    rows.push({
      what,
      measured: `p99 ${measured.p99} ms (p50 ${measured.p50}, ${measured.requests} requests${measured.errors ? `, ${measured.errors} errors` : ''})`,
      limit: `p99 ${limit.p99} ms (static file, ${measured.bytesPerRequest.toLocaleString('en')} B, p50 ${limit.p50})`,
      ratio,
      target: 'p99 ≤ 100 ms',
      met: measured.p99 <= 100 && measured.errors === 0,
    });
  }
  return { rows, results };
}

/**
 * The checks CSV of the date with the most findings, read to its end as fast as the client takes
 * it, on a server that has served only the smallest such file: how far its peak resident memory
 * rises while the file streams, beside the file's own size. Constant memory means a rise that does not grow with the file.
 */
export async function checksCsvMemory(server: Server, days: readonly Day[]) {
  const byFindings = [...days].sort((a, b) => a.total - b.total);
  const day = byFindings[byFindings.length - 1]!;
  const pid = server.child.pid!;
  const download = async (date: string) => {
    const response = await fetch(`${server.url}/api/checks.csv?date=${date}`);
    if (!response.ok || !response.body) throw new Error(`/api/checks.csv?date=${date} answered ${response.status}`);
    let bytes = 0;
    for await (const chunk of response.body) bytes += (chunk as Uint8Array).byteLength;
    return bytes;
  };
  // The smallest file first, so what any CSV loads once (code, the reader's caches) is in the baseline.
  await download(byFindings[0]!.date);
  const before = Math.max(rssMb(pid), peakRssMb(pid));
  const bytes = await download(day.date);
  const peak = peakRssMb(pid);
  const rise = peak - before;
  const csvMb = round(bytes / 2 ** 20, 1);
  const row: TableRow = {
    what: `checks CSV, streamed (${day.date}, ${day.total.toLocaleString('en')} findings)`,
    measured: `peak RSS ${peak} MB, ${rise} MB above its peak before (after the smallest CSV)`,
    limit: `${csvMb} MB of CSV sent (the file's size)`,
    ratio: csvMb > 0 ? round(rise / csvMb, 2) : '–',
    target: 'constant memory: peak ≤ 400 MB, rise ≤ 64 MB at any size',
    met: peak <= 400 && rise <= 64,
  };
  return { row, result: { date: day.date, findings: day.total, csvBytes: bytes, rssBeforeMb: before, peakRssMb: peak } };
}
