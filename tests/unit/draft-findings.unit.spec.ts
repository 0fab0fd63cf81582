import { describe, expect, it } from 'vitest';
import type { Relation } from '../../events/schema/catalogue.js';
import { impliedBounds } from '../../events/schema/figure.js';
import type { Statement } from '../../events/schema/statement.js';
import { draftFigures, draftFindings, metricsToRead } from '../../src/domain/checks/draft-findings.js';
import type { CheckedFigure } from '../../src/domain/checks/types.js';

const archived = (metric: string, value: number, asOf: string, position: number): CheckedFigure => ({
  metric, value, qualifier: 'exact', unit: 'persons', bounds: impliedBounds(value, 'exact'), asOf, wording: String(value),
  statementId: `hearing-${asOf}`, publishedOn: asOf, position,
});

const draft = (figures: { metric: string; value: number }[], publishedOn = '2023-06-01'): Statement => ({
  id: 'court-2023-06-01', publishedOn, speaker: { body: 'Supreme Court' }, kind: 'announcement', title: 'Court update', summary: 'Update.',
  topics: [], sources: [{ title: 'Release' }],
  figures: figures.map((f) => ({ ...f, qualifier: 'exact', unit: 'persons', asOf: publishedOn, asOfInferred: false, wording: String(f.value), bounds: impliedBounds(f.value, 'exact') })),
});

const convictedAmongTried: Relation = { id: 'convicted-among-tried', kind: 'subset', whole: 'persons-tried', parts: ['persons-convicted'], phrase: 'of which … were convicted' };
const unrelated: Relation = { id: 'other', kind: 'cumulative', metric: 'deaths', phrase: 'a running total' };
const archive = new Map([
  ['persons-tried', [archived('persons-tried', 1221, '2023-01-05', 1)]],
  ['persons-convicted', [archived('persons-convicted', 1205, '2023-01-05', 2)]],
]);

describe('the checks of a draft, before it is appended', () => {
  it('finds that 1,250 convicted would exceed the 1,221 tried in force, with the draft’s figure as the part', () => {
    const figures = draftFigures(draft([{ metric: 'persons-convicted', value: 1250 }]), new Map([['persons-convicted', 'Persons convicted']]));
    expect(metricsToRead([convictedAmongTried, unrelated], figures).sort()).toEqual(['persons-convicted', 'persons-tried']);
    const [finding, ...rest] = draftFindings([convictedAmongTried, unrelated], archive, figures);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ relationId: 'convicted-among-tried', date: '2023-06-01', until: null, gap: 29 });
    expect(finding!.figures.map((f) => [f.role, f.value, f.statementId, f.label])).toEqual([
      ['whole', 1221, 'hearing-2023-01-05', undefined],
      ['part', 1250, 'court-2023-06-01', 'Persons convicted'],
    ]);
  });

  it('finds nothing for a draft that agrees, and leaves out what the archive already held', () => {
    const contradicted = new Map([...archive, ['persons-convicted', [archived('persons-convicted', 1300, '2023-02-01', 3)]]]);
    expect(draftFindings([convictedAmongTried], contradicted, draftFigures(draft([{ metric: 'persons-tried', value: 1400 }], '2023-01-20'), new Map()))).toEqual([]);
    expect(draftFindings([convictedAmongTried], archive, draftFigures(draft([{ metric: 'persons-convicted', value: 1210 }]), new Map()))).toEqual([]);
  });

  it('warns of a draft that restates a contradicted figure, though the finding keeps its first day’s evidence', () => {
    const contradicted = new Map([...archive, ['persons-convicted', [archived('persons-convicted', 1250, '2023-02-01', 3)]]]);
    const found = draftFindings([convictedAmongTried], contradicted, draftFigures(draft([{ metric: 'persons-convicted', value: 1250 }]), new Map()));
    expect(found.map((f) => [f.relationId, f.date, f.figures.map((x) => x.statementId)])).toEqual([
      ['convicted-among-tried', '2023-02-01', ['hearing-2023-01-05', 'hearing-2023-02-01']],
    ]);
  });

  it('finds a disagreement when the draft gives another value for a day a statement published the same day described', () => {
    const figures = draftFigures(draft([{ metric: 'persons-tried', value: 1100 }], '2023-01-05'), new Map());
    const found = draftFindings([], archive, figures);
    expect(found.map((f) => [f.kind, f.relationId])).toEqual([['disagreement', 'figures-of-persons-tried']]);
  });
});
