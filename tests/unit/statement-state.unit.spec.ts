import { describe, expect, it } from 'vitest';
import type { StatementEvent } from '../../events/types.js';
import { evolveStatement, type StatementState } from '../../src/domain/statement-state.js';
import { correction, retraction, statement } from '../fixtures/archive.js';

const fold = (events: unknown[]) =>
  (events as StatementEvent[]).reduce<StatementState | undefined>(evolveStatement, undefined);

describe('the statement fold', () => {
  const published = statement('hearing', '2023-01-05', [{ metric: 'amnestied', value: 1059 }]);

  it('a published statement is live with its figures dated by the statement', () => {
    const state = fold([published])!;
    expect(state.status).toBe('published');
    expect(state.statement.figures[0]).toMatchObject({ value: 1059, asOf: '2023-01-05', bounds: { lower: 1059, upper: 1059 } });
  });

  it('a correction replaces the fields it names and keeps the rest', () => {
    const state = fold([published, correction('hearing', { title: 'Corrected title' })])!;
    expect(state.statement.title).toBe('Corrected title');
    expect(state.statement.figures[0]!.value).toBe(1059);
    expect(state.statement.summary).toBe('Summary of hearing');
  });

  it('corrected figures replace the list and take the corrected date when they give none', () => {
    const state = fold([
      published,
      correction('hearing', {
        publishedOn: '2023-01-06',
        figures: [{ metric: 'amnestied', value: 1095, unit: 'persons', wording: '1,095 persons', qualifier: 'exact' }],
      }),
    ])!;
    expect(state.statement.figures).toHaveLength(1);
    expect(state.statement.figures[0]).toMatchObject({ value: 1095, asOf: '2023-01-06' });
  });

  it('a retraction keeps the statement but marks it retracted', () => {
    const state = fold([published, retraction('hearing')])!;
    expect(state.status).toBe('retracted');
    expect(state.statement.id).toBe('hearing');
  });

  it('a correction before any publication is refused', () => {
    expect(() => fold([correction('nobody', { title: 'x' })])).toThrow(/before its publication/);
  });

  it('folding the same events twice gives the same state', () => {
    const events = [published, correction('hearing', { title: 'T' }), retraction('hearing')];
    expect(JSON.stringify(fold(events))).toBe(JSON.stringify(fold(events)));
  });
});
