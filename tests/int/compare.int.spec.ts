import { describe, expect, it } from 'vitest';
import { loadArchiveDirectory } from '../../events/seed.js';
import type { Comparison } from '../../projections/figures/compare.js';
import { comparisonCsv } from '../../src/exports/csv.js';
import { smallArchive } from '../fixtures/archive.js';
import { archiveWith } from '../fixtures/read-model.js';

const brief = (c: Comparison) =>
  c.changes.map((m) => [m.metric, m.kind, m.old?.value ?? null, m.new?.value ?? null, m.absolute]);

describe('comparing the official figures on two dates', () => {
  it('lists changed and first-appearing metrics, with both figures, their statements and the change', async () => {
    const { reader } = await archiveWith(smallArchive);
    const c = reader.compareDates({ from: '2022-11-01', to: '2023-01-05' });
    expect(brief(c)).toEqual([
      ['amnestied', 'changed', 1000, 1095, 95],
      ['convicted', 'appeared', null, 1205, null],
    ]);
    const amnestied = c.changes[0]!;
    expect(amnestied.relative).toBeCloseTo(0.095);
    expect(amnestied.approximate).toBe(true);
    expect([amnestied.old!.statementId, amnestied.new!.statementId]).toEqual(['law-approved', 'hearing']);
    expect(amnestied.old!.wording).toBe('1000 persons');
    expect(c.unchanged).toBe(0);
  });

  it('lists metrics that dropped out, when the later date comes first', async () => {
    const { reader } = await archiveWith(smallArchive);
    const c = reader.compareDates({ from: '2023-01-05', to: '2022-11-01' });
    expect(brief(c)).toEqual([
      ['amnestied', 'changed', 1095, 1000, -95],
      ['convicted', 'dropped', 1205, null, null],
    ]);
  });

  it('honours publication and archive time', async () => {
    const { reader, store } = await archiveWith(smallArchive);
    const q = { from: '2022-12-15', to: '2023-01-05' };
    expect(brief(reader.compareDates({ ...q, known: '2023-01-10' }))).toContainEqual(['convicted', 'appeared', null, 1205, null]);
    expect(brief(reader.compareDates({ ...q, known: '2023-02-01' }))).toContainEqual(['convicted', 'changed', 1100, 1205, 105]);
    const hearing = (await store.readAll()).find((e) => e.stream === 'statement-hearing')!;
    expect(reader.compareDates({ ...q, at: Number(hearing.position) - 1 }).changes).toEqual([]);
  });

  it('on the seed: the January 2023 hearing’s figures appear; restated ones are unchanged', async () => {
    const { reader } = await archiveWith(loadArchiveDirectory());
    const c = reader.compareDates({ from: '2022-11-01', to: '2023-01-05' });
    expect(c.changes.every((m) => m.kind === 'appeared')).toBe(true);
    expect(c.changes.map((m) => m.metric)).toContain('persons-convicted');
    // "over 1,000" and "approximately 1,700" were said again on 5 January: no change.
    expect(c.changes.map((m) => m.metric)).not.toContain('amnesty-covered');
    expect(c.changes.map((m) => m.metric)).not.toContain('persons-criminally-liable');
    expect(c.unchanged).toBeGreaterThanOrEqual(2);
    const csv = comparisonCsv(c).split('\n');
    expect(csv[0]).toContain('metric,label,topic,change');
    expect(csv).toHaveLength(c.changes.length + 2);
  });
});
