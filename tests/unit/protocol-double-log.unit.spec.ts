/**
 * The protocol double's own rules, each as EventStoreDB applies it, checked without gRPC: if the
 * double drifted from the server, the adapter's tests against it would prove nothing.
 */
import { describe, expect, it } from 'vitest';
import { createDoubleLog, InvalidPositionError, proposed } from '../protocol-double/log.js';

const ids = (n: number, label: string) =>
  Array.from({ length: n }, (_, i) => proposed(`00000000-0000-4000-8000-${label.padStart(8, '0')}${String(i).padStart(4, '0')}`, 'T', { i }));

describe('protocol double log: appends as IndexWriter.CheckCommit decides them', () => {
  it('writes at the expected revision, and refuses any other', () => {
    const log = createDoubleLog();
    expect(log.append('s', ids(2, 'a'), { kind: 'no_stream' })).toMatchObject({ ok: true, revision: 1n });
    expect(log.append('s', ids(1, 'b'), { kind: 'revision', revision: 0n })).toEqual({
      ok: false,
      reason: 'wrong_expected_version',
      current: 1n,
    });
    expect(log.append('t', ids(1, 'c'), { kind: 'stream_exists' })).toMatchObject({ ok: false, current: undefined });
    expect(log.append('s', ids(1, 'd'), { kind: 'any' })).toMatchObject({ ok: true, revision: 2n });
  });

  it('a retry is recognised where the batch would have gone, and reports where it stands without writing', () => {
    const log = createDoubleLog();
    const batch = ids(2, 'a');
    const first = log.append('s', batch, { kind: 'no_stream' });
    log.append('s', ids(3, 'b'), { kind: 'revision', revision: 1n });
    const before = log.records().length;

    expect(log.append('s', batch, { kind: 'no_stream' })).toEqual(first);
    expect(log.append('s', batch, { kind: 'any' })).toEqual(first);
    expect(log.append('s', batch, { kind: 'stream_exists' })).toEqual(first);
    expect(log.records()).toHaveLength(before);
  });

  it('a batch matching only in part is CorruptedIdempotency: a wrong expected version, nothing written', () => {
    const log = createDoubleLog();
    const [a, b] = ids(2, 'a');
    log.append('s', [a!, b!], { kind: 'no_stream' });
    const [other] = ids(1, 'z');
    expect(log.append('s', [a!, other!], { kind: 'no_stream' })).toMatchObject({ ok: false, reason: 'wrong_expected_version' });
    expect(log.append('s', [a!, other!], { kind: 'any' })).toMatchObject({ ok: false, reason: 'wrong_expected_version' });
    expect(log.revisionOf('s')).toBe(1n);
  });

  it('a tombstoned stream takes nothing more', () => {
    const log = createDoubleLog();
    log.append('s', ids(1, 'a'), { kind: 'any' });
    log.tombstone('s');
    expect(log.append('s', ids(1, 'b'), { kind: 'any' })).toEqual({ ok: false, reason: 'stream_deleted' });
    expect(log.isTombstoned('s')).toBe(true);
  });
});

describe('protocol double log: positions are byte offsets', () => {
  it('grow by each record’s size, and a read of $all may start only where a record starts, or at the end', () => {
    const log = createDoubleLog();
    log.append('s', ids(3, 'a'), { kind: 'any' });
    const [first, second] = log.records();
    expect(second!.commit - first!.commit).toBeGreaterThan(80n);

    expect(log.readAll({ commit: second!.commit, prepare: second!.prepare }, 'forwards', 10n)).toHaveLength(2);
    expect(log.readAll({ commit: second!.commit, prepare: second!.prepare }, 'backwards', 10n)).toEqual([first]);
    expect(log.readAll({ commit: log.end(), prepare: log.end() }, 'forwards', 10n)).toEqual([]);
    expect(() => log.readAll({ commit: first!.commit + 1n, prepare: first!.commit + 1n }, 'forwards', 1n)).toThrow(InvalidPositionError);
    expect(() => log.after({ commit: first!.commit + 1n, prepare: first!.commit + 1n })).toThrow(InvalidPositionError);
  });

  it('an explicit transaction’s events share the commit position, each with its own prepare position', () => {
    const log = createDoubleLog();
    const added = log.appendLegacyTransaction('old', ids(2, 'a'));
    expect(added[0]!.commit).toBe(added[1]!.commit);
    expect(added[0]!.prepare).not.toBe(added[1]!.prepare);
    expect(added.every((e) => e.prepare < e.commit)).toBe(true);
  });
});
