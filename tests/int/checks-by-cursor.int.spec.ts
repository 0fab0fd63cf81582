/**
 * /api/checks by cursor: `next` leads through every finding once, in order, at the position the
 * first window was read at, while statements are corrected and retracted between windows.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArchiveEvent } from '../../events/types.js';
import { toArchiveEvent } from '../../events/validate.js';
import { appendArchiveEvents } from '../../src/domain/append.js';
import { timelineCursor } from '../../src/http/cursor.js';
import { waitForReadModel } from '../../src/http/wait.js';
import { correction, retraction } from '../fixtures/archive.js';
import { newStatement, openTestArchive, type TestArchive } from './http-fixture.js';

let archive: TestArchive;
const day = (i: number) => new Date(Date.UTC(2024, 0, 1 + 2 * i)).toISOString().slice(0, 10);
const id = (i: number) => `convicted-${String(i).padStart(2, '0')}`;

async function append(events: ArchiveEvent[]) {
  const appended = await appendArchiveEvents(archive.store, events, { via: 'cli' });
  await waitForReadModel(archive.readModel, BigInt(appended.at(-1)!.position));
}

beforeAll(async () => {
  archive = await openTestArchive();
  // Convicted counts that swing above the seed's persons tried and back: a contradiction that
  // opens and resolves, a revision and a disagreement, again and again.
  await append(
    Array.from({ length: 40 }, (_, i) =>
      toArchiveEvent({
        type: 'StatementPublished',
        data: newStatement(id(i), {
          publishedOn: day(i),
          figures: [{ metric: 'persons-convicted', value: i % 2 === 0 ? 2000 + i : 1000, unit: 'persons', asOf: day(i), wording: `${i} persons convicted` }],
        }),
      }),
    ),
  );
});
afterAll(() => archive.close());

type Place = { relation: string; date: string };
const places = (findings: Place[]) => findings.map((f) => `${f.relation} ${f.date}`);

describe('/api/checks by cursor', () => {
  it('leads through every finding exactly once, in order, while statements are corrected and retracted between windows', async () => {
    const first = (await request(archive.app).get('/api/checks?date=2025-12-31&limit=7').expect(200)).body;
    const whole = (await request(archive.app).get(`/api/checks?date=2025-12-31&at=${first.at}`).expect(200)).body;
    expect(whole.total).toBeGreaterThan(21);
    expect(whole.total).toBeLessThanOrEqual(100);
    const seen: Place[] = [...first.findings];
    let next: string | null = first.next;
    for (let i = 0; next; i += 1) {
      await append([
        correction(id(i), { figures: [{ metric: 'persons-convicted', value: 1500, unit: 'persons', asOf: day(i), wording: '1,500 persons convicted' }] }),
        retraction(id(39 - i)),
      ]);
      const window = (await request(archive.app).get(`/api/checks?date=2025-12-31&limit=7&after=${next}`).expect(200)).body;
      expect(window).toMatchObject({ at: first.at, total: whole.total, after: next, limit: 7 });
      seen.push(...window.findings);
      next = window.next;
    }
    expect(places(seen)).toEqual(places(whole.findings));
    expect(seen).toEqual(whole.findings);
    // The edits changed what the checks find now: the cursor kept to what they found then.
    const now = (await request(archive.app).get('/api/checks?date=2025-12-31').expect(200)).body;
    expect(places(now.findings)).not.toEqual(places(whole.findings));
  });

  it('continues an offset window with its `next`, and refuses a cursor it did not write, naming it', async () => {
    const whole = (await request(archive.app).get('/api/checks?date=2025-12-31').expect(200)).body;
    const window = (await request(archive.app).get('/api/checks?date=2025-12-31&offset=3&limit=5').expect(200)).body;
    expect(window).toMatchObject({ offset: 3, limit: 5 });
    const on = (await request(archive.app).get(`/api/checks?date=2025-12-31&limit=5&after=${window.next}`).expect(200)).body;
    expect(places(on.findings)).toEqual(places(whole.findings).slice(8, 13));
    const last = (await request(archive.app).get(`/api/checks?date=2025-12-31&offset=${whole.total - 2}&limit=5`).expect(200)).body;
    expect(last.next).toBeNull();

    const head = Number(await archive.head());
    const statementsCursor = timelineCursor.encode({ at: head, key: { day: '2024-01-01', position: 3 } });
    for (const [url, issue] of [
      [`/api/checks?after=${statementsCursor}`, 'after: must be a cursor from a link or answer of this archive, unchanged'],
      ['/api/checks?after=abc', 'after: must be a cursor from a link or answer of this archive, unchanged'],
      [`/api/checks?after=${window.next}&offset=2`, 'offset: cannot be given with after'],
      [`/api/checks?after=${window.next}&at=1`, `after: was made at log position ${window.at}, not at=1: give one or the other`],
    ]) {
      const res = await request(archive.app).get(url!).expect(400);
      expect(res.body.issues.map((i: { path: string; message: string }) => `${i.path}: ${i.message}`), url).toEqual([issue]);
    }
  });
});
