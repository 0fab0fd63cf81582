import fs from 'node:fs';
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
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qantar-checks-busy-'));
    const logFile = path.join(dir, 'log.db');
    const store = getSqliteEventStore(logFile);
    await appendArchiveEvents(store, [...loadArchiveDirectory(), ...manyStatementEvents(1500)], { via: 'import' });
    await store.close();
    server = await startServer({ QANTAR_STORE: `sqlite:${logFile}` });
    url = server.url;
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('eight checks at once: the probes wait for one or two evaluations, not all, and the surplus gets 503 with Retry-After', async () => {
    const finished: string[] = [];
    const get = async (label: string, path: string) => {
      const res = await fetch(`${url}${path}`);
      const answer = { label, status: res.status, retryAfter: res.headers.get('retry-after'), body: await res.text() };
      finished.push(`${label} ${res.status}`);
      return answer;
    };
    const paths = ['/api/checks', '/checks', '/api/checks.csv'];
    const checks = Array.from({ length: 8 }, (_, i) => get(`checks-${i}`, `${paths[i % 3]}?date=9999-12-31`));
    // Sent once the server is surely busy with the first evaluation.
    await new Promise((resolve) => setTimeout(resolve, 100));
    finished.push('probes sent');
    const probes = [get('healthz', '/healthz'), get('readyz', '/readyz')];
    const answers = await Promise.all([...checks, ...probes]);

    const evaluated = answers.filter((a) => a.label.startsWith('checks') && a.status === 200);
    const refused = answers.filter((a) => a.label.startsWith('checks') && a.status !== 200);
    expect(answers.find((a) => a.label === 'healthz')).toMatchObject({ status: 200, body: '{"status":"ok"}' });
    expect(answers.find((a) => a.label === 'readyz')?.status).toBe(200);
    // Each probe waits for the evaluation running when it comes, and perhaps the one that starts
    // while its new connection is accepted and read (two turns of the event loop): not for all.
    for (const probe of ['healthz 200', 'readyz 200']) {
      const ahead = finished.slice(finished.indexOf('probes sent'), finished.indexOf(probe)).filter((f) => /^checks.* 200$/.test(f));
      expect(ahead.length, finished.join(', ')).toBeLessThanOrEqual(2);
    }
    expect(finished.at(-1), finished.join(', ')).toMatch(/^checks/);
    // One running and three waiting at any time: of eight sent at once, some are turned away.
    expect(evaluated.length).toBeGreaterThanOrEqual(heavyReadLimits.running + heavyReadLimits.waiting);
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
