import { describe, expect, it } from 'vitest';
import { ValidationError, toArchiveEvent } from '../../events/validate.js';

const valid = {
  type: 'StatementPublished',
  data: {
    id: 'law-signed',
    publishedOn: '2022-11-02',
    speaker: { name: 'Kassym-Jomart Tokayev', role: 'President', body: 'President of Kazakhstan' },
    kind: 'signing',
    title: 'The amnesty law is signed',
    summary: 'The President signed the amnesty law.',
    figures: [{ metric: 'amnestied', value: 1000, qualifier: 'over', unit: 'persons', wording: 'over 1,000 people' }],
    sources: [{ title: 'Latest information', url: 'https://example.org/doc' }],
  },
};

const issuesOf = (input: unknown) => {
  try {
    toArchiveEvent(input);
  } catch (error) {
    if (error instanceof ValidationError) return error.issues.map((i) => i.path);
    throw error;
  }
  return [];
};

const withData = (patch: Record<string, unknown>) => ({ ...valid, data: { ...valid.data, ...patch } });

describe('validation at the edge', () => {
  it('accepts a complete statement and fills each figure’s date and bounds', () => {
    const event = toArchiveEvent(valid);
    expect(event.type).toBe('StatementPublished');
    if (event.type !== 'StatementPublished') return;
    expect(event.data.figures[0]).toMatchObject({ asOf: '2022-11-02', bounds: { lower: 1000, upper: null } });
  });

  it.each([
    ['an impossible date', { publishedOn: '2022-02-30' }, 'data.publishedOn'],
    ['a day in the wrong shape', { publishedOn: '2/11/2022' }, 'data.publishedOn'],
    ['an unknown kind', { kind: 'rumour' }, 'data.kind'],
    ['a missing title', { title: undefined }, 'data.title'],
    ['a blank summary', { summary: '   ' }, 'data.summary'],
    ['a negative count', { figures: [{ ...valid.data.figures[0], value: -1 }] }, 'data.figures.0.value'],
    ['a string for a number', { figures: [{ ...valid.data.figures[0], value: '12' }] }, 'data.figures.0.value'],
    ['an unknown qualifier', { figures: [{ ...valid.data.figures[0], qualifier: 'roughly' }] }, 'data.figures.0.qualifier'],
    ['a javascript: source', { sources: [{ title: 't', url: 'javascript:alert(1)' }] }, 'data.sources.0.url'],
    ['no source at all', { sources: [] }, 'data.sources'],
    ['a field the schema does not know', { mood: 'calm' }, 'data'],
    ['an id with spaces', { id: 'Law Signed' }, 'data.id'],
  ])('names the field for %s', (_, patch, path) => {
    expect(issuesOf(withData(patch))).toContain(path);
  });

  it('names an unknown event type', () => {
    expect(issuesOf({ type: 'StatementDeleted', data: {} })).toEqual(['type']);
  });

  it('refuses a period that ends before it starts', () => {
    expect(issuesOf(withData({ period: { start: '2022-01-07', end: '2022-01-04' } }))).toEqual(['data.period.end']);
  });

  it('refuses an empty correction', () => {
    expect(issuesOf({ type: 'StatementCorrected', data: { statementId: 'x', reason: 'r', changes: {} } })).toEqual([
      'data.changes',
    ]);
  });
});
