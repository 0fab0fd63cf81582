import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEventFile } from '../../events/seed.js';
import { ValidationError } from '../../events/validate.js';
import { appendArchiveEvents } from '../../src/domain/append.js';
import { DomainError } from '../../src/domain/errors.js';
import { parseSqliteConnection } from '../../src/store/open.js';
import { qantar } from '../fixtures/cli.js';
import { hostileCorrection, hostileRetraction, hostileStatement, validStatement, type Hostile } from '../fixtures/hostile.js';
import { editorToken, newStatement, openTestArchive, type TestArchive } from './http-fixture.js';

const runs = Number(process.env.QANTAR_FUZZ_RUNS ?? 1000);
const tried: Record<string, number> = {};
let archive: TestArchive;
let server: ReturnType<TestArchive['app']['listen']>;
let base: string;
let logFile: string;
let before: string;

/**
 * The events table, every column of every row: the log must end the fuzzing exactly as it began.
 * Compared as a digest with the row count, so a failure reads "N rows" and not the whole log.
 */
const logDump = () => {
  const db = new Database(logFile, { readonly: true });
  try {
    const rows = db.prepare('SELECT * FROM events ORDER BY position').all();
    return `${rows.length} rows, sha256 ${createHash('sha256').update(JSON.stringify(rows)).digest('hex')}`;
  } finally {
    db.close();
  }
};

beforeAll(async () => {
  archive = await openTestArchive({ app: { writeLimit: { windowMs: 60_000, limit: 1_000_000 } } });
  server = archive.app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  logFile = parseSqliteConnection(archive.store.description).file;
  before = logDump();
});
afterAll(async () => {
  console.log(`fuzz inputs tried: ${JSON.stringify(tried)}, total ${Object.values(tried).reduce((a, b) => a + b, 0)}`);
  await new Promise((resolve) => server.close(resolve));
  await archive.close();
});

type Answer = { status: number; body: { error?: string; issues?: { path: string; message: string }[] } };

async function send(url: string, hostile: Hostile, ifMatch?: string): Promise<Answer> {
  const res = await fetch(`${base}${url}`, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${editorToken}`,
      'Content-Type': 'application/json',
      ...(ifMatch ? { 'If-Match': ifMatch } : {}),
    },
    body: hostile.text,
  });
  return { status: res.status, body: (await res.json()) as Answer['body'] };
}

/** Only a 4xx, always with a message; a refused field is named in the issues. */
function expectRefused(answer: Answer, hostile: Hostile) {
  const context = `${hostile.what}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`;
  expect(answer.status, context).toBeGreaterThanOrEqual(400);
  expect(answer.status, context).toBeLessThan(500);
  expect([401, 403], context).not.toContain(answer.status);
  expect(answer.body.error, context).toMatch(/\S/);
  if (answer.status === 400 && hostile.field) {
    const paths = (answer.body.issues ?? []).map((i) => i.path);
    expect(paths.some((p) => p === hostile.field || p.startsWith(`${hostile.field}.`)), context).toBe(true);
    for (const issue of answer.body.issues ?? []) expect(issue.message, context).toMatch(/\S/);
  }
}

const seedIds = ['unrest-2022-01-04', 'hearing-2023-01-05-asylov'];
const statementIdInPath = fc.oneof(
  { arbitrary: fc.constantFrom(...seedIds), weight: 4 },
  { arbitrary: fc.string({ minLength: 1, maxLength: 30 }).map(encodeURIComponent), weight: 1 },
);

describe('hostile write bodies: only 4xx with a message, and the log unchanged', () => {
  it(`POST /api/statements (${runs} bodies)`, async () => {
    await fc.assert(
      fc.asyncProperty(hostileStatement(), async (hostile) => {
        tried['POST /api/statements'] = (tried['POST /api/statements'] ?? 0) + 1;
        expectRefused(await send('/api/statements', hostile), hostile);
      }),
      { numRuns: runs },
    );
  });

  it(`POST /api/statements/:id/corrections (${runs} bodies)`, async () => {
    await fc.assert(
      fc.asyncProperty(hostileCorrection(), statementIdInPath, async (hostile, id) => {
        tried.corrections = (tried.corrections ?? 0) + 1;
        const answer = await send(`/api/statements/${id}/corrections`, hostile, '"0"');
        if (seedIds.includes(id)) expectRefused(answer, hostile);
        else expectRefused(answer, { ...hostile, field: undefined });
      }),
      { numRuns: runs },
    );
  });

  it(`POST /api/statements/:id/retractions (${runs} bodies)`, async () => {
    await fc.assert(
      fc.asyncProperty(hostileRetraction(), statementIdInPath, async (hostile, id) => {
        tried.retractions = (tried.retractions ?? 0) + 1;
        const answer = await send(`/api/statements/${id}/retractions`, hostile, '"0"');
        expectRefused(answer, seedIds.includes(id) ? hostile : { ...hostile, field: undefined });
      }),
      { numRuns: runs },
    );
  });

  it('left the log byte-for-byte unchanged, and the server still answers and still takes a good write', async () => {
    expect(logDump()).toBe(before);
    expect((await fetch(`${base}/`)).status).toBe(200);
    const good = await send('/api/statements', { text: JSON.stringify(newStatement('after-the-fuzz')), what: 'valid' });
    expect(good.status).toBe(201);
  });
});

describe("the CLI's append refuses hostile files and writes nothing", () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qantar-fuzz-cli-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** A file's worth of events: hostile ones alone, or after a valid new metric that must not be written either. */
  const hostileFile = fc.oneof(
    hostileStatement().map((h) => ({ ...h, text: `{"type":"StatementPublished","data":${h.text}}` })),
    hostileCorrection().map((h) => ({ ...h, text: `{"type":"StatementCorrected","data":${h.text.replace(/^\{/, '{"statementId":"unrest-2022-01-04",')}}` })),
    hostileStatement().map((h) => ({
      ...h,
      text: `[{"type":"MetricDefined","data":{"id":"fuzz-metric","label":"Fuzz","unit":"persons","topic":"fuzz","description":"Never written"}},{"type":"StatementPublished","data":${h.text}}]`,
    })),
    fc.string({ maxLength: 100 }).map((type) => ({ text: JSON.stringify({ type, data: validStatement() }), what: `type ${type}` })),
  );

  it(`readEventFile + appendArchiveEvents, as \`qantar append\` runs them (${runs} files)`, async () => {
    const before = logDump();
    const file = path.join(dir, 'events.json');
    await fc.assert(
      fc.asyncProperty(hostileFile, async (hostile) => {
        tried['qantar append (in process)'] = (tried['qantar append (in process)'] ?? 0) + 1;
        fs.writeFileSync(file, hostile.text);
        let refused: unknown;
        try {
          await appendArchiveEvents(archive.store, readEventFile(file), { via: 'cli' });
        } catch (error) {
          refused = error;
        }
        expect(refused instanceof ValidationError || refused instanceof DomainError, `${hostile.what}: ${String(refused)}`).toBe(true);
        if (refused instanceof ValidationError) expect(refused.issues.length).toBeGreaterThan(0);
      }),
      { numRuns: runs },
    );
    expect(logDump()).toBe(before);
  });

  it('the real CLI process: exit 1, names the field, "Nothing was appended", log unchanged', () => {
    const before = logDump();
    const cases: [string, RegExp][] = [
      ['{"type":"StatementPublished","data":', /not readable JSON/],
      [JSON.stringify({ type: 'StatementPublished', data: { ...validStatement(), figures: 'many' } }), /figures/],
      [JSON.stringify({ type: 'StatementPublished', data: { ...validStatement(), sources: [{ title: 'x', url: 'javascript:alert(1)' }] } }), /sources\.0\.url/],
      [JSON.stringify({ type: 'StatementPublished', data: { ...validStatement(), figures: [{ metric: 'no-such-metric', value: 1, unit: 'persons', wording: '1' }] } }), /figures\.0\.metric/],
      [JSON.stringify({ type: 'StatementRetracted', data: { statementId: 'unrest-2022-01-04', reason: '   ' } }), /reason/],
    ];
    for (const [text, names] of cases) {
      tried['qantar append (process)'] = (tried['qantar append (process)'] ?? 0) + 1;
      const file = path.join(dir, 'cli.json');
      fs.writeFileSync(file, text);
      const run = qantar(['append', file], { QANTAR_STORE: `sqlite:${logFile}`, QANTAR_READ_MODEL: path.join(dir, 'cli.read.db') });
      expect(run.code, run.stderr).toBe(1);
      expect(run.stderr).toMatch(names);
      expect(run.stderr).toMatch(/Nothing was appended/);
    }
    expect(logDump()).toBe(before);
  });
});
