import { describe, expect, it } from 'vitest';
import { toArchiveEvent } from '../../events/validate.js';
import { decide } from '../../src/domain/decide.js';
import { chainHashOf, contentHashOf } from '../../src/store/hashes.js';
import { eventIdFor } from '../../src/store/ids.js';
import { correction, metric, retraction, statement } from '../fixtures/archive.js';
import { given } from '../fixtures/decider.js';

/** The write side's rules, given a log, when events are appended, then what is decided: no store. */
const amnestied = metric('amnestied');
const hearing = statement('hearing', '2023-01-05', [{ metric: 'amnestied', value: 1095 }]);
const inCases = [{ metric: 'amnestied', value: 5, unit: 'cases', wording: '5 cases' }];
const relation = (id: string, whole: string, parts: string[]) =>
  toArchiveEvent({ type: 'RelationDeclared', data: { id, kind: 'subset', whole, parts, phrase: 'of those' } });
const atRevision = (expectedRevision: bigint) => ({ via: 'api', expectedRevision }) as const;

describe('a figure names a known metric, in its unit', () => {
  it('a statement whose figures name a defined metric opens its stream', () => {
    given(amnestied).when([hearing]).then([{ written: 'StatementPublished', stream: 'statement-hearing', revision: 0n }]);
  });

  it('a figure naming no defined metric is refused at the figure', () => {
    given().when([hearing]).thenRefuses('UNKNOWN_METRIC', 'data.figures.0.metric', /unknown metric "amnestied": define it first/);
  });

  it('a figure in another unit than its metric’s is refused at its unit', () => {
    given(amnestied).when([statement('in-cases', '2023-01-05', [], { figures: inCases })]).thenRefuses('UNIT_MISMATCH', 'data.figures.0.unit', /counted in persons, not cases/);
  });

  it('a metric defined earlier in the same batch is known; defined later, it is not', () => {
    given().when([amnestied, hearing]).then([
      { written: 'MetricDefined', stream: 'metric-amnestied', revision: 0n },
      { written: 'StatementPublished', stream: 'statement-hearing', revision: 0n },
    ]);
    given().when([hearing, amnestied]).thenRefuses('UNKNOWN_METRIC', '[0].data.figures.0.metric');
  });

  it('a metric’s parent and a relation’s metrics must be defined', () => {
    given().when([metric('child', 'amnesty', 'nobody')]).thenRefuses('UNKNOWN_METRIC', 'data.parent', /unknown parent metric "nobody"/);
    given(amnestied).when([relation('of-those', 'amnestied', ['released'])]).thenRefuses('UNKNOWN_METRIC', 'data.parts.0', /names unknown metric "released"/);
    given(amnestied, metric('released')).when([relation('of-those', 'amnestied', ['released'])]).then([
      { written: 'RelationDeclared', stream: 'relation-of-those', revision: 0n },
    ]);
  });

  it('a relation’s refusal names the field that names the unknown metric', () => {
    const released = metric('released');
    given(released).when([relation('of-those', 'amnestied', ['released'])]).thenRefuses('UNKNOWN_METRIC', 'data.whole');
    given(amnestied, released).when([relation('of-those', 'amnestied', ['released', 'pardoned'])]).thenRefuses('UNKNOWN_METRIC', 'data.parts.1');
    const cumulative = toArchiveEvent({ type: 'RelationDeclared', data: { id: 'grows', kind: 'cumulative', metric: 'pardoned', phrase: 'in total' } });
    given(amnestied).when([cumulative]).thenRefuses('UNKNOWN_METRIC', 'data.metric', /names unknown metric "pardoned"/);
  });

  it('a correction’s figures are held to the same rule', () => {
    given(amnestied, hearing).when([correction('hearing', { figures: inCases })], atRevision(0n)).thenRefuses('UNIT_MISMATCH', 'data.changes.figures.0.unit');
  });
});

describe('a correction names a live statement and leaves it valid', () => {
  it('a correction or retraction of no statement is refused at its statementId', () => {
    given(amnestied).when([correction('nobody', { title: 'T' })]).thenRefuses('UNKNOWN_STATEMENT', 'data.statementId', /no statement "nobody"/);
    given(amnestied).when([retraction('nobody')]).thenRefuses('UNKNOWN_STATEMENT', 'data.statementId');
  });

  it('a retracted statement is corrected and retracted no more', () => {
    const log = [amnestied, hearing, retraction('hearing')];
    given(...log).when([correction('hearing', { title: 'T' })], atRevision(1n)).thenRefuses('RETRACTED', 'data.statementId', /"hearing" was retracted/);
    given(...log).when([retraction('hearing', 'again')], atRevision(1n)).thenRefuses('RETRACTED', 'data.statementId');
    given(amnestied, hearing)
      .when([retraction('hearing'), correction('hearing', { title: 'T' })])
      .thenRefuses('RETRACTED', '[1].data.statementId');
  });

  it('a correction that would leave a period ending before it starts is invalid, named in its changes', () => {
    const withPeriod = statement('unrest', '2022-01-10', [], { period: { start: '2022-01-04', end: '2022-01-07' } });
    given(withPeriod).when([correction('unrest', { period: { start: '2022-01-09', end: '2022-01-07' } })], atRevision(0n)).thenInvalid(['data.changes.period.end']);
    given(withPeriod).when([correction('unrest', { period: { start: '2022-01-05', end: '2022-01-07' } })], atRevision(0n)).then([
      { written: 'StatementCorrected', stream: 'statement-unrest', revision: 1n },
    ]);
  });

  it('a statement and its correction in one batch: the correction follows it', () => {
    given(amnestied).when([hearing, correction('hearing', { title: 'T' })]).then([
      { written: 'StatementPublished', stream: 'statement-hearing', revision: 0n },
      { written: 'StatementCorrected', stream: 'statement-hearing', revision: 1n },
    ]);
  });
});

describe('an id is not reused for other content', () => {
  it('a statement, metric or relation with the id of another is refused at its id', () => {
    const other = statement('hearing', '2023-01-06', [{ metric: 'amnestied', value: 1095 }]);
    given(amnestied, hearing).when([other]).thenRefuses('DUPLICATE', 'data.id', /statement "hearing" already exists with other content/);
    given(amnestied).when([metric('amnestied', 'other-topic')]).thenRefuses('DUPLICATE', 'data.id', /metric "amnestied" already exists/);
    const declared = relation('of-those', 'amnestied', ['released']);
    given(amnestied, metric('released'), declared)
      .when([relation('of-those', 'released', ['amnestied'])])
      .thenRefuses('DUPLICATE', 'data.id', /relation "of-those" already exists/);
  });

  it('the same content again is a retry: found where it was written, nothing to write', () => {
    given(amnestied, hearing).when([amnestied, hearing]).then([
      { retry: 'MetricDefined', stream: 'metric-amnestied', revision: 0n, position: 1n },
      { retry: 'StatementPublished', stream: 'statement-hearing', revision: 0n, position: 2n },
    ]);
  });

  it('a batch that holds the same event twice is refused at the second', () => {
    given(amnestied).when([hearing, hearing]).thenRefuses('DUPLICATE', '[1].data', /repeats an earlier event of this batch/);
  });
});

describe('the revision rule: a correction names the revision it corrects (If-Match)', () => {
  const fixB = correction('hearing', { title: 'B' });
  const fixA = correction('hearing', { title: 'A' });

  it('at the stream’s revision, the correction takes the next one', () => {
    given(amnestied, hearing).when([fixB], atRevision(0n)).then([{ written: 'StatementCorrected', stream: 'statement-hearing', revision: 1n }]);
  });

  it('at an older revision, it is a conflict saying where the stream is now', () => {
    given(amnestied, hearing, fixB)
      .when([fixA], atRevision(0n))
      .thenRefuses('CONFLICT', 'data', /expected revision 0, but the stream is at revision 1\. Someone else changed it first: reload and retry\./);
  });

  it('at a revision the stream has not reached, it is a conflict too', () => {
    given(amnestied, hearing).when([fixB], atRevision(5n)).thenRefuses('CONFLICT', 'data', /expected revision 5, but the stream is at revision 0/);
  });

  it('the same correction against the same revision, already written, is a retry', () => {
    given(amnestied, hearing, fixB).when([fixB], atRevision(0n)).then([
      { retry: 'StatementCorrected', stream: 'statement-hearing', revision: 1n, position: 3n },
    ]);
  });

  it('B at "0", A at "1", then B at "2" is new work, not a retry of the first', () => {
    given(amnestied, hearing, fixB, fixA).when([fixB], atRevision(2n)).then([{ written: 'StatementCorrected', stream: 'statement-hearing', revision: 3n }]);
  });
});

describe('retries without a revision (a file appended twice, a directory imported again)', () => {
  const fixB = correction('hearing', { title: 'B' });
  const fixSummary = correction('hearing', { summary: 'Fixed summary' });

  it('the same file run again finds its corrections where it put them; its last change alone too', () => {
    const log = [amnestied, hearing, fixB, fixSummary];
    given(...log).when([fixB, fixSummary]).then([
      { retry: 'StatementCorrected', stream: 'statement-hearing', revision: 1n, position: 3n },
      { retry: 'StatementCorrected', stream: 'statement-hearing', revision: 2n, position: 4n },
    ]);
    given(...log).when([fixSummary]).then([{ retry: 'StatementCorrected', stream: 'statement-hearing', revision: 2n, position: 4n }]);
  });

  it('once something else changed the statement, the same file is new work on top of it', () => {
    given(amnestied, hearing, fixB, fixSummary, correction('hearing', { title: 'C' })).when([fixB, fixSummary]).then([
      { written: 'StatementCorrected', stream: 'statement-hearing', revision: 4n },
      { written: 'StatementCorrected', stream: 'statement-hearing', revision: 5n },
    ]);
  });

  it('B, then A, then B again: the third is a correction of its own', () => {
    given(amnestied, hearing, fixB, correction('hearing', { title: 'A' })).when([fixB]).then([
      { written: 'StatementCorrected', stream: 'statement-hearing', revision: 3n },
    ]);
  });

  it('a directory imported again after an editor’s correction appends nothing and leaves the editor’s work', () => {
    const directory = [amnestied, hearing, fixB];
    given(...directory, correction('hearing', { title: 'An editor’s title' }))
      .when(directory, { via: 'import' })
      .then([
        { retry: 'MetricDefined', stream: 'metric-amnestied', revision: 0n, position: 1n },
        { retry: 'StatementPublished', stream: 'statement-hearing', revision: 0n, position: 2n },
        { retry: 'StatementCorrected', stream: 'statement-hearing', revision: 1n, position: 3n },
      ]);
  });
});

describe('what is written', () => {
  it('each new event carries the id its stream, revision and content give, and links to the stream’s chain', () => {
    const fixes = [correction('hearing', { title: 'B' }), correction('hearing', { summary: 'S' })];
    const [first, second] = given(amnestied, hearing).when(fixes, { via: 'editor', appendedBy: 'Aigerim' }).decision();
    const head = chainHashOf(null, contentHashOf(hearing.type, hearing.data));
    expect(first).toMatchObject({
      kind: 'new',
      id: eventIdFor('statement-hearing', 'StatementCorrected', fixes[0]!.data, 1n),
      envelope: { metadata: { via: 'editor', appendedBy: 'Aigerim', previousHash: head } },
    });
    const firstHash = first!.kind === 'new' ? first!.envelope.metadata.chainHash : undefined;
    expect(second).toMatchObject({ kind: 'new', revision: 2n, envelope: { metadata: { previousHash: firstHash } } });
  });

  it('decides from the streams it was given, and refuses to take a stream it was not given for empty', () => {
    expect(() => decide({ events: [hearing], via: 'cli' }, new Map())).toThrow(/stream statement-hearing was not read/);
  });
});
