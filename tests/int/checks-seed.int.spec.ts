import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadArchiveDirectory, seedDirectory } from '../../events/seed.js';
import { appendArchiveEvents } from '../../src/domain/append.js';
import { catchUp } from '../../src/read-model/follow.js';
import type { ArchiveReader } from '../../src/reader/port.js';
import type { EventStore } from '../../src/store/port.js';
import { correction } from '../fixtures/archive.js';
import { qantar } from '../fixtures/cli.js';
import { archiveWith } from '../fixtures/read-model.js';

let store: EventStore;
let reader: ArchiveReader;
beforeAll(async () => {
  ({ store, reader } = await archiveWith(loadArchiveDirectory()));
});

const summary = (date: string, q: { known?: string; at?: number } = {}) =>
  reader.findingsAsOf({ date, ...q }).map((f) => ({ relation: f.relationId, date: f.date, until: f.until, gap: f.gap }));

describe('the consistency checks on the seed archive', () => {
  it('find exactly the contradictions the source document holds', () => {
    // Every other declared relation agrees with the figures: this list is the closing note's.
    expect(summary('2024-01-01')).toEqual([
      { relation: 'injured-and-killed-among-victims', date: '2023-01-05', until: null, gap: 6 },
    ]);
  });

  it('injured + killed exceed the victims: 5,155 + 238 = 5,393 > 5,387, with wording and statements', () => {
    const [finding] = reader.findingsAsOf({ date: '2023-01-05' });
    expect(finding).toMatchObject({ kind: 'subset', expected: { lower: 0, upper: 5387 }, actual: { lower: 5393, upper: 5393 } });
    expect(finding!.phrase).toContain('5,387 people fell victim');
    expect(finding!.figures.map((f) => [f.role, f.metric, f.value, f.statementId])).toEqual([
      ['whole', 'victims', 5387, 'hearing-2023-01-05-law-enforcement'],
      ['part', 'victims-injured', 5155, 'hearing-2023-01-05-law-enforcement'],
      ['part', 'deaths', 238, 'hearing-2023-01-05-law-enforcement'],
    ]);
    expect(finding!.figures[0]!.wording).toContain('5,387');
  });

  it('honours valid, publication and archive time', async () => {
    expect(summary('2023-01-04')).toEqual([]);
    expect(summary('2024-01-01', { known: '2023-01-04' })).toEqual([]);
    const hearing = (await store.readAll()).find((e) => e.stream === 'statement-hearing-2023-01-05-law-enforcement')!;
    expect(summary('2024-01-01', { at: Number(hearing.position) - 1 })).toEqual([]);
    expect(summary('2024-01-01', { at: Number(hearing.position) })).toHaveLength(1);
  });

  it('a correction that resolves the contradiction clears it, and an old position still shows it', async () => {
    const { store: s, readModel: rm, reader: r } = await archiveWith(loadArchiveDirectory());
    const before = Number(await s.headPosition());
    const statement = loadArchiveDirectory().find((e) => e.type === 'StatementPublished' && e.data.id === 'hearing-2023-01-05-law-enforcement');
    const figures = statement!.type === 'StatementPublished' ? statement!.data.figures : [];
    const fixed = figures.map((f) => (f.metric === 'victims' ? { ...f, value: 5393, bounds: { lower: 5393, upper: 5393 }, wording: '5,393 people' } : f));
    await appendArchiveEvents(s, [correction('hearing-2023-01-05-law-enforcement', { figures: fixed })], { via: 'cli' });
    await catchUp(s, rm);
    expect(r.findingsAsOf({ date: '2024-01-01' })).toEqual([]);
    expect(r.findingsAsOf({ date: '2024-01-01', at: before })).toHaveLength(1);
  });
});

describe('qantar checks', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qantar-checks-'));
  const env = { QANTAR_STORE: `sqlite:${path.join(dir, 'log.db')}` };
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('prints the findings as JSON and as text, and refuses a bad date naming it', () => {
    expect(qantar(['import', seedDirectory], env).code).toBe(0);
    const json = JSON.parse(qantar(['checks', '--date', '2024-01-01', '--json'], env).stdout) as { relation: string; gap: number; holds: boolean }[];
    expect(json.map((f) => [f.relation, f.gap, f.holds])).toEqual([['injured-and-killed-among-victims', 6, true]]);
    const text = qantar(['checks', '--date', '2024-01-01'], env).stdout;
    expect(text).toContain('Injured + People killed exceed Victims of the January events');
    expect(text).toContain('“including 5,155 injured”');
    expect(qantar(['checks', '--date', '2022-12-31'], env).stdout).toContain('agree with every declared relation');
    const bad = qantar(['checks', '--date', '2023-02-30'], env);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('--date');
  });
});
