import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstDay } from '../../events/schema/dates.js';
import { toArchiveEvent } from '../../events/validate.js';
import { openFindingsByMetric } from '../../projections/checks/findings.js';
import type { Finding } from '../../src/domain/checks/types.js';
import { appendArchiveEvents } from '../../src/domain/append.js';
import { waitForReadModel } from '../../src/http/wait.js';
import { newStatement, openTestArchive, type TestArchive } from './http-fixture.js';

/**
 * /figures marks rows from a check at one day (fast on a large archive); /checks evaluates the
 * whole history. They must agree on what holds: same relations, same figures, same gap.
 */
let archive: TestArchive;
beforeAll(async () => {
  archive = await openTestArchive();
  // Contradictions of every kind the seed lacks a live one of: a part over its whole, a running total that falls.
  const events = [
    newStatement('checks-subset', { figures: [{ metric: 'deaths-police-military', value: 300, unit: 'persons', asOf: '2023-02-01', wording: '300' }] }),
    newStatement('checks-cumulative', { figures: [{ metric: 'amnesty-granted', value: 900, unit: 'persons', asOf: '2023-02-15', wording: '900' }] }),
  ].map((data) => toArchiveEvent({ type: 'StatementPublished', data }));
  const appended = await appendArchiveEvents(archive.store, events, { via: 'api' });
  await waitForReadModel(archive.readModel, appended.at(-1)!.position);
});
afterAll(() => archive.close());

const summary = (byMetric: Map<string, Finding[]>) =>
  [...byMetric]
    .map(([metric, findings]) => [metric, findings.map((f) => ({ relation: f.relationId, gap: f.gap, figures: f.figures.map((x) => [x.role, x.metric, x.value, x.statementId]) }))])
    .sort(([a], [b]) => String(a).localeCompare(String(b)));

describe('the contradictions marked on /figures', () => {
  it('are those findingsAsOf says hold, on every day a figure begins and the days between', () => {
    const { reader } = archive;
    const at = Number(archive.readModel.checkpoint());
    const days = new Set(reader.listStatements({ at }).flatMap((s) => s.statement.figures.map((f) => firstDay(f.asOf))));
    const dates = [...days, '2021-12-31', '2023-01-04', '2023-01-06', '2023-02-10', '2024-01-01'].sort();
    let marked = 0;
    for (const date of dates) {
      for (const known of [undefined, '2023-01-05']) {
        const q = { date, known, at };
        const slow = openFindingsByMetric(reader.findingsAsOf(q));
        const fast = reader.openContradictionsOn(q, reader.figuresAsOf(q));
        expect(summary(fast), `${date} known ${known}`).toEqual(summary(slow));
        marked += fast.size;
      }
    }
    expect(marked).toBeGreaterThan(0);
    const kinds = new Set([...reader.openContradictionsOn({ date: '2024-01-01', at }, reader.figuresAsOf({ date: '2024-01-01', at })).values()].flat().map((f) => f.kind));
    expect([...kinds].sort()).toEqual(['cumulative', 'subset']);
  });
});
