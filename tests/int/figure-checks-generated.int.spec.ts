import { describe, expect, it } from 'vitest';
import { generateArchive } from '../../bench/generate.js';
import { findingsAsOf, openFindingsByMetric } from '../../projections/checks/findings.js';
import { freshChecksOf } from '../../src/read-model/fresh-checks.js';
import { figuresAsOf } from '../../projections/figures/figures.js';
import { openContradictionsOn } from '../../src/http/figure-checks.js';
import { archiveWith } from '../fixtures/read-model.js';
import { sqliteHandleOf } from '../../src/read-model/read-model.js';

const marks = (byMetric: Map<string, { relationId: string }[]>) =>
  [...byMetric].map(([metric, findings]) => `${metric}: ${findings.map((f) => f.relationId).sort().join(' ')}`).sort();

describe('the findings marked on /figures, on a generated archive', () => {
  it('are those /checks says hold on the day, revisions and disagreements included', { timeout: 120_000 }, async () => {
    // Checked at the one day from the figures in force, /figures marked revisions and disagreements
    // that /checks had resolved on this archive; both now read the findings read model.
    const { readModel } = await archiveWith([...generateArchive({ seed: 3, events: 2500, metrics: 30, years: 1 })]);
    const at = Number(readModel.checkpoint());
    const days = Array.from({ length: 24 }, (_, i) => new Date(Date.UTC(2022, 0, 15 + i * 15)).toISOString().slice(0, 10));
    for (const date of days) {
      const q = { date, at };
      const onChecks = marks(openFindingsByMetric(findingsAsOf(sqliteHandleOf(readModel), freshChecksOf(sqliteHandleOf(readModel)), q)));
      expect(marks(openContradictionsOn(sqliteHandleOf(readModel), q, figuresAsOf(sqliteHandleOf(readModel), q))), date).toEqual(onChecks);
    }
    readModel.close();
  });
});
