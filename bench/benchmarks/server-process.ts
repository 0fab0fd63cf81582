import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { round, summarise } from '../stats.js';

export const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
export const publicDirectory = path.join(root, 'public');

/** A real server process, started as `npm start` starts it (tsx), on a free port. */
/** `imports`: what the server imports on start (QANTAR_IMPORT): the seed for the seed's rows, nothing for the synthetic archive. */
export async function startServer(store: string, readModel: string, imports: string) {
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
export async function firstAnswer(server: Awaited<ReturnType<typeof startServer>>, pathname: string, timeoutMs: number) {
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

export async function stop(child: ChildProcess) {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
  if (child.exitCode === null) child.kill('SIGKILL');
}

/** Peak resident memory of a process so far (VmHWM), in MB. */
export function peakRssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return Math.round(kb / 1024);
}


/** Resident memory of a process now (VmRSS), in MB. */
export function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN) / 1024);
}

export type Server = Awaited<ReturnType<typeof startServer>>;

/**
 * One request at a time for `seconds` (and at least `minimum`), each with a fresh path: the
 * latency one reader sees, with no queueing behind other requests (the checks routes take one
 * evaluation at a time and answer 503 past three waiting, so a concurrent load measures the gate).
 */
export async function sequentialLoad(url: string, seconds: number, nextPath: () => string, minimum = 20) {
  const ms: number[] = [];
  let errors = 0;
  let bytes = 0;
  const until = performance.now() + seconds * 1000;
  while (performance.now() < until || ms.length < minimum) {
    const started = performance.now();
    const response = await fetch(`${url}${nextPath()}`);
    const body = await response.arrayBuffer();
    ms.push(performance.now() - started);
    bytes += body.byteLength;
    if (!response.ok) errors++;
  }
  const s = summarise(ms);
  return { requests: s.count, p50: round(s.p50, 1), p99: round(s.p99, 1), max: round(s.max, 1), errors, bytesPerRequest: Math.round(bytes / s.count) };
}

/** A static file of `bytes` under public/, served by the same server, for as long as `use` runs. */
export async function withStaticFile<T>(bytes: number, use: (pathname: string) => Promise<T>): Promise<T> {
  const name = `bench-${process.pid}-${bytes}-${Math.random().toString(36).slice(2)}.html`;
  const file = path.join(publicDirectory, name);
  fs.writeFileSync(file, `<!doctype html>${'x'.repeat(Math.max(0, bytes - 15))}`);
  try {
    return await use(`/static/${name}`);
  } finally {
    fs.rmSync(file, { force: true });
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

