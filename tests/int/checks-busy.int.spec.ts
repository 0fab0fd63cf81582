import { once } from 'node:events';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadArchiveDirectory } from '../../events/seed.js';
import { appendArchiveEvents } from '../../src/domain/append.js';
import { heavyReadLimits } from '../../src/http/heavy-reads.js';
import { getSqliteEventStore } from '../../src/store/sqlite.js';
import { manyStatementEvents } from './http-fixture.js';
import { startServer, type ServerProcess } from './fixtures/server.js';

/**
 * Checks are evaluated on each request (until their findings are a read model): on an archive
 * of 1,500 statements each holds the event loop for a few hundred milliseconds. Many at once
 * must not starve the health probes that decide whether this instance is restarted.
 * The server is a real process, so the test's own requests are not held up with it.
 */
describe('heavy checks requests do not starve /healthz and /readyz', () => {
  let dir: string;
  let server: ServerProcess;
  let url: string;
  // A position before the log's last one: the findings read model keeps the answer at the head, so
  // these requests are evaluated afresh from the figures, the heavy work the gate is for.
  let pinned: number;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qantar-checks-busy-'));
    const logFile = path.join(dir, 'log.db');
    const store = getSqliteEventStore(logFile);
    await appendArchiveEvents(store, [...loadArchiveDirectory(), ...manyStatementEvents(1500)], { via: 'import' });
    pinned = Number(await store.headPosition()) - 1;
    await store.close();
    server = await startServer({ QANTAR_STORE: `sqlite:${logFile}` });
    url = server.url;
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('eight checks at once: each probe waits for one evaluation at most, and the surplus gets 503 with Retry-After', async () => {
    const finished: string[] = [];
    // Connections opened beforehand, so that requests written in one go reach the server together.
    const [c0, c1, c2, c3, c4, c5, c6, c7, healthz, readyz] = await Promise.all(Array.from({ length: 10 }, () => connection(url)));
    const paths = ['/api/checks', '/checks', '/api/checks.csv'];
    const checks = [c0, c1, c2, c3, c4, c5, c6, c7].map((c, i) => c!.get(`checks-${i}`, `${paths[i % 3]}?date=9999-12-31&at=${pinned}`, finished));
    // Sent once the server is surely busy evaluating.
    await new Promise((resolve) => setTimeout(resolve, 100));
    finished.push('probes sent');
    const probes = [healthz!.get('healthz', '/healthz', finished), readyz!.get('readyz', '/readyz', finished)];
    const answers = await Promise.all([...checks, ...probes]);

    const evaluated = answers.filter((a) => a.label.startsWith('checks') && a.status === 200);
    const refused = answers.filter((a) => a.label.startsWith('checks') && a.status !== 200);
    expect(answers.find((a) => a.label === 'healthz')).toMatchObject({ status: 200, body: '{"status":"ok"}' });
    expect(answers.find((a) => a.label === 'readyz')?.status).toBe(200);
    // Each probe waits for the evaluation running when it comes, not for the queue behind it.
    for (const probe of ['healthz 200', 'readyz 200']) {
      const ahead = finished.slice(finished.indexOf('probes sent'), finished.indexOf(probe)).filter((f) => /^checks.* 200$/.test(f));
      expect(ahead.length, finished.join(', ')).toBeLessThanOrEqual(1);
    }
    expect(finished.at(-1), finished.join(', ')).toMatch(/^checks/);
    // One running and three waiting at any time: of eight sent at once, some are turned away.
    expect(evaluated.length, finished.join(", ")).toBeGreaterThanOrEqual(heavyReadLimits.running + heavyReadLimits.waiting);
    expect(refused.length, finished.join(', ')).toBeGreaterThan(0);
    for (const a of refused) {
      expect(a.status).toBe(503);
      expect(a.retryAfter).toBe('5');
      expect(a.body).toMatch(/busy evaluating other consistency checks/);
    }
  });

  it('once they are done, checks are evaluated again', async () => {
    const res = await fetch(`${url}/api/checks?date=9999-12-31`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ date: '9999-12-31', total: expect.any(Number) });
  });
});

/**
 * A connection the server has accepted and is reading (one request already answered on it), so
 * that a request written on it is read at once; `get` sends one more and reads the answer to its end.
 */
async function connection(url: string) {
  const { hostname, port } = new URL(url);
  const socket = net.connect(Number(port), hostname);
  await once(socket, 'connect');
  let raw = '';
  socket.setEncoding('utf8').on('data', (chunk: string) => (raw += chunk));
  const closed = once(socket, 'close');
  socket.write(`GET /healthz HTTP/1.1\r\nHost: ${hostname}\r\n\r\n`);
  while (!raw.endsWith('{"status":"ok"}')) await new Promise((resolve) => setTimeout(resolve, 5));
  raw = '';
  return {
    async get(label: string, path: string, finished: string[]) {
      socket.write(`GET ${path} HTTP/1.1\r\nHost: ${hostname}\r\nConnection: close\r\n\r\n`);
      await closed;
      const [head = '', ...body] = raw.split('\r\n\r\n');
      const [statusLine = '', ...headerLines] = head.split('\r\n');
      const status = Number(statusLine.split(' ')[1]);
      const retryAfter = headerLines.find((h) => /^retry-after:/i.test(h))?.replace(/^[^:]*:\s*/, '') ?? null;
      finished.push(`${label} ${status}`);
      return { label, status, retryAfter, body: body.join('\r\n\r\n') };
    },
  };
}
