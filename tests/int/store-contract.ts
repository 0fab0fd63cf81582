/**
 * The one behaviour every event store adapter owes the archive, written once and run against
 * each adapter from its own spec file (as emmett does). Every test uses streams under its own
 * random prefix and reads only after the head it saw first, so the suite also runs against a
 * shared, long-lived server (EventStoreDB) whose log holds other events.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DuplicateEventIdError,
  StoreError,
  StreamNotFoundError,
  WrongExpectedRevisionError,
  type StoreErrorCode,
} from '../../src/store/errors.js';
import { eventIdFor } from '../../src/store/ids.js';
import { logLinkOf } from '../../src/verify/log-chain.js';
import type {
  EventStore,
  NewEvent,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
} from '../../src/store/port.js';

export type StoreContractOptions = Readonly<{
  skipReason?: string;
  /** Why the store cannot see an id already used in another stream, if it cannot (EventStoreDB keeps no such index). */
  noGlobalIdIndex?: string;
}>;

export function describeStoreContract(
  name: string,
  open: () => Promise<EventStore>,
  options: StoreContractOptions = {},
): void {
  // A skipped suite still registers every test, so the run reports them as skipped.
  const { skipReason } = options;
  const title = skipReason ? `${name} store contract (skipped: ${skipReason})` : `${name} store contract`;
  (skipReason ? describe.skip : describe)(title, () => contract(open, options));
}

/** Polls until `check` stops throwing, or rethrows its last failure at the deadline. */
export async function eventually(check: () => unknown, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A fresh prefix such as `contract-1a2b3c4d-`: no other test or writer uses streams under it. */
export const uniquePrefix = () => `contract-${randomUUID().slice(0, 8)}-`;

/** An event whose id is derived from its content, as the archive derives them. */
export function newEvent(
  stream: string,
  data: unknown,
  type = 'ThingHappened',
  metadata: Record<string, unknown> = {},
): NewEvent {
  return { id: eventIdFor(stream, type, data), type, data, metadata };
}

export function newEvents(stream: string, count: number, label = 'e'): NewEvent[] {
  return Array.from({ length: count }, (_, i) => newEvent(stream, { label, n: i }));
}

export async function expectStoreError(
  attempt: Promise<unknown>,
  type: abstract new (...args: never[]) => StoreError,
  code: StoreErrorCode,
): Promise<void> {
  const error = await attempt.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, `expected ${type.name}`).toBeInstanceOf(type);
  expect((error as StoreError).code).toBe(code);
}

const ids = (events: readonly { id: string }[]) => events.map((e) => e.id);
const positions = (events: readonly RecordedEvent[]) => events.map((e) => e.position);
const isIncreasing = (xs: readonly bigint[]) => xs.every((x, i) => i === 0 || xs[i - 1]! < x);

function contract(open: () => Promise<EventStore>, options: StoreContractOptions): void {
  let store: EventStore;
  let subscriptions: Subscription[];

  beforeEach(async () => {
    store = await open();
    subscriptions = [];
  });
  afterEach(async () => {
    await Promise.all(subscriptions.map((s) => s.unsubscribe()));
    await store.close();
  });

  /** Events under `prefix` appended after `head` (inclusive reads, so drop what is at or before it). */
  const readOurs = async (prefix: string, head: bigint | undefined) =>
    (await store.readAll({ fromPosition: head, streamPrefixes: [prefix] })).filter(
      (e) => head === undefined || e.position > head,
    );

  const collect = (options: SubscribeOptions) => {
    const batches: RecordedEvent[][] = [];
    const subscription = store.subscribeToAll((batch) => {
      batches.push([...batch]);
    }, options);
    subscriptions.push(subscription);
    return { subscription, batches, events: () => batches.flat() };
  };

  describe('appendToStream and expected revisions', () => {
    it('appends to a new stream with no_stream: revisions start at 0, the result names the last event', async () => {
      const stream = `${uniquePrefix()}s`;
      const batch = newEvents(stream, 3);
      const first = await store.appendToStream(stream, batch, { expectedRevision: 'no_stream' });
      const read = await store.readStream(stream);

      expect(read.map((e) => e.revision)).toEqual([0n, 1n, 2n]);
      expect(ids(read)).toEqual(ids(batch));
      expect(first).toEqual({ nextRevision: 2n, position: read[2]!.position, written: true });

      const more = await store.appendToStream(stream, newEvents(stream, 2, 'more'), { expectedRevision: 2n });
      expect(more.nextRevision).toBe(4n);
      expect(more.written).toBe(true);
      expect(more.position).toBeGreaterThan(first.position);
    });

    it('no_stream on an existing stream throws WrongExpectedRevisionError', async () => {
      const stream = `${uniquePrefix()}s`;
      await store.appendToStream(stream, newEvents(stream, 1), { expectedRevision: 'no_stream' });
      await expectStoreError(
        store.appendToStream(stream, newEvents(stream, 1, 'again'), { expectedRevision: 'no_stream' }),
        WrongExpectedRevisionError,
        'WRONG_EXPECTED_REVISION',
      );
    });

    it('an exact expected revision equal to the current one appends', async () => {
      const stream = `${uniquePrefix()}s`;
      await store.appendToStream(stream, newEvents(stream, 2), { expectedRevision: 'no_stream' });
      const result = await store.appendToStream(stream, newEvents(stream, 1, 'next'), { expectedRevision: 1n });
      expect(result.nextRevision).toBe(2n);
      expect(await store.streamRevision(stream)).toBe(2n);
    });

    it('a stale, future or absent exact revision throws WrongExpectedRevisionError', async () => {
      const stream = `${uniquePrefix()}s`;
      await store.appendToStream(stream, newEvents(stream, 2), { expectedRevision: 'no_stream' });
      for (const expectedRevision of [0n, 2n]) {
        await expectStoreError(
          store.appendToStream(stream, newEvents(stream, 1, `at-${expectedRevision}`), { expectedRevision }),
          WrongExpectedRevisionError,
          'WRONG_EXPECTED_REVISION',
        );
      }
      const missing = `${uniquePrefix()}missing`;
      await expectStoreError(
        store.appendToStream(missing, newEvents(missing, 1), { expectedRevision: 0n }),
        WrongExpectedRevisionError,
        'WRONG_EXPECTED_REVISION',
      );
    });

    it('stream_exists throws WrongExpectedRevisionError on a missing stream and appends to an existing one', async () => {
      const stream = `${uniquePrefix()}s`;
      await expectStoreError(
        store.appendToStream(stream, newEvents(stream, 1), { expectedRevision: 'stream_exists' }),
        WrongExpectedRevisionError,
        'WRONG_EXPECTED_REVISION',
      );
      await store.appendToStream(stream, newEvents(stream, 1), { expectedRevision: 'no_stream' });
      const result = await store.appendToStream(stream, newEvents(stream, 1, 'next'), {
        expectedRevision: 'stream_exists',
      });
      expect(result.nextRevision).toBe(1n);
    });

    it('any appends whether or not the stream exists (and is the default)', async () => {
      const stream = `${uniquePrefix()}s`;
      const created = await store.appendToStream(stream, newEvents(stream, 1), { expectedRevision: 'any' });
      const extended = await store.appendToStream(stream, newEvents(stream, 1, 'next'), { expectedRevision: 'any' });
      const defaulted = await store.appendToStream(stream, newEvents(stream, 1, 'default'));
      expect([created, extended, defaulted].map((r) => r.nextRevision)).toEqual([0n, 1n, 2n]);
    });

    it('a failed append writes nothing', async () => {
      const prefix = uniquePrefix();
      const head = await store.headPosition();
      const existing = `${prefix}existing`;
      const missing = `${prefix}missing`;
      const original = newEvents(existing, 2);
      await store.appendToStream(existing, original, { expectedRevision: 'no_stream' });

      await expect(
        store.appendToStream(existing, newEvents(existing, 2, 'lost'), { expectedRevision: 0n }),
      ).rejects.toThrow(WrongExpectedRevisionError);
      await expect(
        store.appendToStream(missing, newEvents(missing, 2), { expectedRevision: 'stream_exists' }),
      ).rejects.toThrow(WrongExpectedRevisionError);

      expect(ids(await store.readStream(existing))).toEqual(ids(original));
      expect(await store.streamRevision(missing)).toBeUndefined();
      expect(ids(await readOurs(prefix, head))).toEqual(ids(original));
    });

    const elsewhereTitle = 'a batch whose third event id is already elsewhere in the log throws DuplicateEventIdError and writes none of it';
    (options.noGlobalIdIndex ? it.skip : it)(
      options.noGlobalIdIndex ? `${elsewhereTitle} (skipped: ${options.noGlobalIdIndex})` : elsewhereTitle,
      async () => {
      const prefix = uniquePrefix();
      const head = await store.headPosition();
      const elsewhere = `${prefix}elsewhere`;
      const [taken] = newEvents(elsewhere, 1);
      await store.appendToStream(elsewhere, [taken!]);

      const stream = `${prefix}target`;
      const batch = [...newEvents(stream, 2), taken!, ...newEvents(stream, 1, 'after')];
      await expectStoreError(
        store.appendToStream(stream, batch, { expectedRevision: 'no_stream' }),
        DuplicateEventIdError,
        'DUPLICATE_EVENT_ID',
      );

      await expectStoreError(store.readStream(stream), StreamNotFoundError, 'STREAM_NOT_FOUND');
      expect(ids(await readOurs(prefix, head))).toEqual([taken!.id]);
    });

    it('a batch that repeats an event id throws DuplicateEventIdError and writes nothing', async () => {
      const prefix = uniquePrefix();
      const head = await store.headPosition();
      const stream = `${prefix}s`;
      const [a, b] = newEvents(stream, 2);
      await expectStoreError(
        store.appendToStream(stream, [a!, b!, a!]),
        DuplicateEventIdError,
        'DUPLICATE_EVENT_ID',
      );
      expect(await readOurs(prefix, head)).toEqual([]);
    });
  });

  describe('idempotent retries', () => {
    it('retrying a batch, even with the now stale no_stream, returns written:false with the same revision and position', async () => {
      const prefix = uniquePrefix();
      const head = await store.headPosition();
      const stream = `${prefix}s`;
      const batch = newEvents(stream, 3);
      const first = await store.appendToStream(stream, batch, { expectedRevision: 'no_stream' });
      const retry = await store.appendToStream(stream, batch, { expectedRevision: 'no_stream' });

      expect(retry).toEqual({ nextRevision: first.nextRevision, position: first.position, written: false });
      expect(ids(await store.readStream(stream))).toEqual(ids(batch));
      expect(ids(await readOurs(prefix, head))).toEqual(ids(batch));
    });

    it('a retry after the stream moved on still returns the original result', async () => {
      const stream = `${uniquePrefix()}s`;
      const batch = newEvents(stream, 2);
      const first = await store.appendToStream(stream, batch, { expectedRevision: 'no_stream' });
      await store.appendToStream(stream, newEvents(stream, 2, 'later'), { expectedRevision: 1n });

      const retry = await store.appendToStream(stream, batch, { expectedRevision: 'no_stream' });
      expect(retry).toEqual({ ...first, written: false });
      expect(await store.streamRevision(stream)).toBe(3n);
    });

    it('a retry whose data lists the same keys in another order is still a retry', async () => {
      const stream = `${uniquePrefix()}s`;
      const original = newEvent(stream, { title: 'Statement', page: 1 });
      const reordered = newEvent(stream, { page: 1, title: 'Statement' });
      expect(reordered.id).toBe(original.id);

      const first = await store.appendToStream(stream, [original], { expectedRevision: 'no_stream' });
      const retry = await store.appendToStream(stream, [reordered], { expectedRevision: 'no_stream' });
      expect(retry).toEqual({ ...first, written: false });
      expect(await store.streamRevision(stream)).toBe(0n);
    });

    it('the same id with different content throws DuplicateEventIdError', async () => {
      const stream = `${uniquePrefix()}s`;
      const original = newEvent(stream, { n: 1 });
      await store.appendToStream(stream, [original]);

      const otherData = { ...original, data: { n: 2 } };
      const otherType = { ...original, type: 'SomethingElseHappened' };
      for (const impostor of [otherData, otherType]) {
        await expectStoreError(
          store.appendToStream(stream, [impostor], { expectedRevision: 'any' }),
          DuplicateEventIdError,
          'DUPLICATE_EVENT_ID',
        );
      }
      expect(await store.readStream(stream)).toMatchObject([{ id: original.id, data: { n: 1 } }]);
    });
  });

  describe('readStream', () => {
    it('reads forwards, from the start or from a revision (inclusive)', async () => {
      const stream = `${uniquePrefix()}s`;
      const batch = newEvents(stream, 5);
      await store.appendToStream(stream, batch);

      expect(ids(await store.readStream(stream))).toEqual(ids(batch));
      expect(ids(await store.readStream(stream, { direction: 'forwards' }))).toEqual(ids(batch));
      const from2 = await store.readStream(stream, { fromRevision: 2n });
      expect(from2.map((e) => e.revision)).toEqual([2n, 3n, 4n]);
      expect(await store.readStream(stream, { fromRevision: 5n })).toEqual([]);
    });

    it('reads backwards, from the end or from a revision (inclusive)', async () => {
      const stream = `${uniquePrefix()}s`;
      const batch = newEvents(stream, 5);
      await store.appendToStream(stream, batch);

      expect(ids(await store.readStream(stream, { direction: 'backwards' }))).toEqual(ids(batch).reverse());
      const from2 = await store.readStream(stream, { direction: 'backwards', fromRevision: 2n });
      expect(from2.map((e) => e.revision)).toEqual([2n, 1n, 0n]);
    });

    it('maxCount limits the read in both directions', async () => {
      const stream = `${uniquePrefix()}s`;
      await store.appendToStream(stream, newEvents(stream, 5));

      const revisions = async (options: Parameters<EventStore['readStream']>[1]) =>
        (await store.readStream(stream, options)).map((e) => e.revision);
      expect(await revisions({ maxCount: 2 })).toEqual([0n, 1n]);
      expect(await revisions({ fromRevision: 3n, maxCount: 10 })).toEqual([3n, 4n]);
      expect(await revisions({ direction: 'backwards', maxCount: 2 })).toEqual([4n, 3n]);
      expect(await revisions({ direction: 'backwards', fromRevision: 2n, maxCount: 2 })).toEqual([2n, 1n]);
    });

    it('a missing stream throws StreamNotFoundError', async () => {
      const stream = `${uniquePrefix()}missing`;
      await expectStoreError(store.readStream(stream), StreamNotFoundError, 'STREAM_NOT_FOUND');
      await expectStoreError(
        store.readStream(stream, { direction: 'backwards' }),
        StreamNotFoundError,
        'STREAM_NOT_FOUND',
      );
    });
  });

  describe('readAll', () => {
    /** Two streams under one prefix: a (3 events, one batch) then b (2 events, one batch). */
    const appendTwoStreams = async () => {
      const prefix = uniquePrefix();
      const head = await store.headPosition();
      const a = `${prefix}a`;
      const b = `${prefix}b`;
      await store.appendToStream(a, newEvents(a, 3));
      await store.appendToStream(b, newEvents(b, 2));
      const ours = await readOurs(prefix, head);
      expect(ours.map((e) => `${e.stream.slice(prefix.length)}${e.revision}`)).toEqual([
        'a0', 'a1', 'a2', 'b0', 'b1',
      ]);
      return { prefix, a, b, ours };
    };

    it('reads forwards from a position (inclusive), positions strictly increasing', async () => {
      const { prefix, ours } = await appendTwoStreams();
      const read = await store.readAll({ fromPosition: ours[1]!.position });

      expect(isIncreasing(positions(read))).toBe(true);
      expect(read[0]!.id).toBe(ours[1]!.id);
      expect(ids(read.filter((e) => e.stream.startsWith(prefix)))).toEqual(ids(ours.slice(1)));
    });

    it('reads backwards from a position (inclusive), positions strictly decreasing', async () => {
      const { prefix, ours } = await appendTwoStreams();
      const read = await store.readAll({
        direction: 'backwards',
        fromPosition: ours[3]!.position,
        streamPrefixes: [prefix],
      });

      expect(isIncreasing(positions(read).reverse())).toBe(true);
      expect(ids(read)).toEqual(ids(ours.slice(0, 4)).reverse());
    });

    it('reads backwards from a position beyond the head as from the head', async () => {
      const { prefix, ours } = await appendTwoStreams();
      const read = await store.readAll({
        direction: 'backwards',
        fromPosition: 2n ** 62n,
        streamPrefixes: [prefix],
        maxCount: 2,
      });
      expect(ids(read)).toEqual(ids(ours.slice(3)).reverse());
    });

    it('maxCount limits the read, after the stream filter', async () => {
      const { prefix, b, ours } = await appendTwoStreams();
      // One batch is contiguous in the log, so nobody else's events sit between a0, a1 and a2.
      const forwards = await store.readAll({ fromPosition: ours[0]!.position, maxCount: 2 });
      expect(ids(forwards)).toEqual(ids(ours.slice(0, 2)));
      const backwards = await store.readAll({ direction: 'backwards', fromPosition: ours[2]!.position, maxCount: 2 });
      expect(ids(backwards)).toEqual([ours[2]!.id, ours[1]!.id]);
      const filtered = await store.readAll({ fromPosition: ours[0]!.position, streamPrefixes: [b], maxCount: 1 });
      expect(ids(filtered)).toEqual([ours[3]!.id]);
      expect(await store.readAll({ fromPosition: ours[0]!.position, streamPrefixes: [prefix], maxCount: 0 })).toEqual(
        [],
      );
    });

    it('streamPrefixes keeps only the streams that start with one of them', async () => {
      const prefix = uniquePrefix();
      const head = await store.headPosition();
      const names = ['doc-1', 'doc-2', 'source-1', 'other-1', 'do'].map((n) => `${prefix}${n}`);
      for (const stream of names) await store.appendToStream(stream, newEvents(stream, 1));

      const streams = async (prefixes: string[]) =>
        (await store.readAll({ fromPosition: head, streamPrefixes: prefixes }))
          .filter((e) => head === undefined || e.position > head)
          .map((e) => e.stream.slice(prefix.length));
      expect(await streams([`${prefix}doc-`])).toEqual(['doc-1', 'doc-2']);
      expect(await streams([`${prefix}doc-`, `${prefix}source-`])).toEqual(['doc-1', 'doc-2', 'source-1']);
      expect(await streams([`${prefix}nothing-`])).toEqual([]);
    });

    it('an event round-trips: id, type, stream, revision, position, data, metadata and recordedAt', async () => {
      const prefix = uniquePrefix();
      const stream = `${prefix}s`;
      const data = {
        title: 'Заявление Президента — 7 января',
        n: 42,
        ratio: 0.5,
        ok: true,
        none: null,
        list: [1, 'two', { three: 3 }],
        nested: { a: { b: 'c' } },
      };
      const metadata = { source: 'https://example.org/statement?id=1&lang=ru', importedBy: 'contract' };
      const sent = newEvent(stream, data, 'StatementPublished', metadata);
      const result = await store.appendToStream(stream, [sent]);

      const [fromStream] = await store.readStream(stream);
      const [fromAll] = await store.readAll({ fromPosition: result.position, streamPrefixes: [prefix], maxCount: 1 });
      expect(fromStream).toEqual({
        ...sent,
        stream,
        revision: 0n,
        position: result.position,
        recordedAt: expect.any(String),
      });
      expect(fromAll).toEqual(fromStream);
      expect(typeof fromStream!.revision).toBe('bigint');
      expect(typeof fromStream!.position).toBe('bigint');
      expect(typeof result.nextRevision).toBe('bigint');
      expect(typeof result.position).toBe('bigint');
      expect(fromStream!.recordedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
      expect(new Date(fromStream!.recordedAt).toISOString()).toBe(fromStream!.recordedAt);
    });
  });

  describe('streamRevision and headPosition', () => {
    it('streamRevision is undefined for a missing stream, then the revision of the last event', async () => {
      const stream = `${uniquePrefix()}s`;
      expect(await store.streamRevision(stream)).toBeUndefined();
      await store.appendToStream(stream, newEvents(stream, 3));
      expect(await store.streamRevision(stream)).toBe(2n);
      await store.appendToStream(stream, newEvents(stream, 1, 'next'));
      expect(await store.streamRevision(stream)).toBe(3n);
    });

    it('headPosition moves past the previous head to at least the last append', async () => {
      const before = await store.headPosition();
      const stream = `${uniquePrefix()}s`;
      const result = await store.appendToStream(stream, newEvents(stream, 2));
      const after = await store.headPosition();

      expect(typeof after).toBe('bigint');
      if (before !== undefined) expect(result.position).toBeGreaterThan(before);
      expect(after!).toBeGreaterThanOrEqual(result.position);
    });
  });

  describe('subscribeToAll', () => {
    it('delivers the events after `after` in order, in batches of at most batchSize, then resolves caughtUp', async () => {
      const prefix = uniquePrefix();
      const stream = `${prefix}s`;
      const before = await store.appendToStream(stream, newEvents(stream, 2, 'before'));
      const existing = newEvents(stream, 5, 'existing');
      await store.appendToStream(stream, existing);

      const { subscription, batches, events } = collect({ after: before.position, streamPrefixes: [prefix], batchSize: 2 });
      await subscription.caughtUp;

      expect(ids(events())).toEqual(ids(existing));
      expect(batches.every((b) => b.length >= 1 && b.length <= 2)).toBe(true);
      expect(isIncreasing(positions(events()))).toBe(true);
    });

    it('delivers events appended after it caught up', async () => {
      const prefix = uniquePrefix();
      const head = await store.headPosition();
      const stream = `${prefix}s`;
      const early = newEvents(stream, 2, 'early');
      await store.appendToStream(stream, early);

      const { subscription, events } = collect({ after: head, streamPrefixes: [prefix] });
      await subscription.caughtUp;
      const late = [newEvents(stream, 2, 'late'), newEvents(`${prefix}t`, 1, 'late')];
      await store.appendToStream(stream, late[0]!);
      await store.appendToStream(`${prefix}t`, late[1]!);

      const expected = ids([...early, ...late.flat()]);
      await eventually(() => expect(ids(events())).toEqual(expected));
    });

    it('honours streamPrefixes', async () => {
      const prefix = uniquePrefix();
      const head = await store.headPosition();
      const keep = `${prefix}keep`;
      const drop = `${prefix}drop`;
      await store.appendToStream(drop, newEvents(drop, 1, 'old'));
      const kept = newEvents(keep, 1, 'old');
      await store.appendToStream(keep, kept);

      const { subscription, events } = collect({ after: head, streamPrefixes: [keep] });
      await subscription.caughtUp;
      await store.appendToStream(drop, newEvents(drop, 1, 'new'));
      const last = newEvents(keep, 1, 'new');
      await store.appendToStream(keep, last);

      // Delivery is in log order, so once the last kept event is in, a dropped one would be too.
      await eventually(() => expect(ids(events())).toEqual(ids([...kept, ...last])));
    });

    it('stops delivering after unsubscribe()', async () => {
      const prefix = uniquePrefix();
      const head = await store.headPosition();
      const stream = `${prefix}s`;
      const { subscription, events } = collect({ after: head, streamPrefixes: [prefix] });
      await subscription.caughtUp;
      const [first] = newEvents(stream, 1, 'first');
      await store.appendToStream(stream, [first!]);
      await eventually(() => expect(ids(events())).toEqual([first!.id]));

      await subscription.unsubscribe();
      await store.appendToStream(stream, newEvents(stream, 1, 'second'));
      // A fresh subscription sees the second event: the stopped one had as long to see it and must not.
      const witness = collect({ after: head, streamPrefixes: [prefix] });
      await eventually(() => expect(witness.events()).toHaveLength(2));
      expect(ids(events())).toEqual([first!.id]);
    });

    it('unsubscribe() resolves only once the running handler call has finished', async () => {
      const prefix = uniquePrefix();
      const head = await store.headPosition();
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      let entered = false;
      let finished = false;
      const subscription = store.subscribeToAll(
        async () => {
          entered = true;
          await gate;
          finished = true;
        },
        { after: head, streamPrefixes: [prefix] },
      );
      subscriptions.push(subscription);
      await store.appendToStream(`${prefix}s`, newEvents(`${prefix}s`, 1));
      await eventually(() => expect(entered).toBe(true));

      let unsubscribed = false;
      const stopping = subscription.unsubscribe().then(() => (unsubscribed = true));
      for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
      expect(unsubscribed).toBe(false);
      release();
      await stopping;
      expect(finished).toBe(true);
    });

    it('resuming from a checkpoint delivers exactly the events after it, none twice, none missed', async () => {
      const prefix = uniquePrefix();
      const head = await store.headPosition();
      const stream = `${prefix}s`;
      const existing = newEvents(stream, 6, 'existing');
      await store.appendToStream(stream, existing);

      // First run: hold the second batch in the handler, stop meanwhile; what was handled is checkpointed.
      const handled: RecordedEvent[] = [];
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      let calls = 0;
      const first = store.subscribeToAll(
        async (batch) => {
          calls += 1;
          if (calls === 2) await gate;
          handled.push(...batch);
        },
        { after: head, streamPrefixes: [prefix], batchSize: 2 },
      );
      subscriptions.push(first);
      await eventually(() => expect(calls).toBe(2));
      const stopping = first.unsubscribe();
      release();
      await stopping;
      const checkpoint = handled[handled.length - 1]!.position;
      expect(handled.length).toBeLessThan(existing.length);

      const later = newEvents(stream, 3, 'later');
      await store.appendToStream(stream, later);
      const second = collect({ after: checkpoint, streamPrefixes: [prefix], batchSize: 2 });
      const all = ids([...existing, ...later]);
      await eventually(() => expect(ids([...handled, ...second.events()])).toEqual(all));
    });
  });

  // Optional in the port: EventStoreDB assigns positions and times itself, so no writer can chain them.
  describe('the log-wide chain, where the store keeps one', () => {
    it('links every event it appends, in the same write, to the event before it in the log', async (ctx) => {
      if (!store.logChain) return ctx.skip();
      const chain = store.logChain;
      const prefix = uniquePrefix();
      const head = await store.headPosition();
      const [a, b] = [`${prefix}a`, `${prefix}b`];
      await store.appendToStream(a, newEvents(a, 2), { expectedRevision: 'no_stream' });
      await store.appendToStream(b, newEvents(b, 1), { expectedRevision: 'no_stream' });
      await store.appendToStream(a, newEvents(a, 1, 'more'), { expectedRevision: 1n });
      const ours = await readOurs(prefix, head);
      const links = await chain.links(head ?? ours[0]!.position, ours[ours.length - 1]!.position);
      let previous = head === undefined ? null : links.get(head)!;
      for (const e of ours) {
        expect(links.get(e.position), `position ${e.position}`).toBe(logLinkOf(previous, e));
        previous = links.get(e.position)!;
      }
      expect(await chain.status()).toEqual({ stored: true, last: { position: ours[ours.length - 1]!.position, hash: previous } });
    });
  });

  describe('concurrent appends', () => {
    it('20 concurrent appends at the same expected revision: exactly one succeeds, the others conflict', async () => {
      const stream = `${uniquePrefix()}s`;
      await store.appendToStream(stream, newEvents(stream, 1), { expectedRevision: 'no_stream' });
      const attempts = Array.from({ length: 20 }, (_, i) => newEvent(stream, { attempt: i }));

      const results = await Promise.allSettled(
        attempts.map((e) => store.appendToStream(stream, [e], { expectedRevision: 0n })),
      );
      const won = results.flatMap((r, i) => (r.status === 'fulfilled' ? [attempts[i]!] : []));
      const lost = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(19);
      for (const error of lost) expect(error).toBeInstanceOf(WrongExpectedRevisionError);

      const read = await store.readStream(stream);
      expect(read.map((e) => e.revision)).toEqual([0n, 1n]);
      expect(read[1]!.id).toBe(won[0]!.id);
    });

    it('20 concurrent retries of one batch store it once', async () => {
      const prefix = uniquePrefix();
      const head = await store.headPosition();
      const stream = `${prefix}s`;
      const batch = newEvents(stream, 2);

      const results = await Promise.all(
        Array.from({ length: 20 }, () => store.appendToStream(stream, batch, { expectedRevision: 'no_stream' })),
      );
      expect(results.filter((r) => r.written)).toHaveLength(1);
      const { position } = results.find((r) => r.written)!;
      for (const r of results) expect(r).toMatchObject({ nextRevision: 1n, position });
      expect(ids(await store.readStream(stream))).toEqual(ids(batch));
      expect(ids(await readOurs(prefix, head))).toEqual(ids(batch));
    });
  });

  // Optional in the port: EventStoreDB cannot write two streams at once, and says so by not having it.
  describe('appendToStreams, where the store has it', () => {
    it('writes several streams in order, in one go, each with its own expected revision', async (ctx) => {
      if (!store.appendToStreams) return ctx.skip();
      const prefix = uniquePrefix();
      const head = await store.headPosition();
      const [a, b] = [`${prefix}a`, `${prefix}b`];
      await store.appendToStream(a, newEvents(a, 1), { expectedRevision: 'no_stream' });
      const batch = [
        { stream: b, events: newEvents(b, 1), expectedRevision: 'no_stream' as const },
        { stream: a, events: newEvents(a, 1, 'next'), expectedRevision: 0n },
        { stream: b, events: newEvents(b, 1, 'next'), expectedRevision: 0n },
      ];
      const results = await store.appendToStreams!(batch);
      expect(results.map((r) => [r.nextRevision, r.written])).toEqual([[0n, true], [1n, true], [1n, true]]);
      const ours = await readOurs(prefix, head);
      expect(ours.map((e) => e.stream)).toEqual([a, b, a, b]);
      expect(results.map((r) => r.position)).toEqual(ours.slice(1).map((e) => e.position));
      // The same call again is a retry: nothing written, the same places.
      expect(await store.appendToStreams!(batch)).toEqual(results.map((r) => ({ ...r, written: false })));
    });

    it('writes nothing at all when one of its appends fails, whichever', async (ctx) => {
      if (!store.appendToStreams) return ctx.skip();
      const prefix = uniquePrefix();
      const head = await store.headPosition();
      const [a, b] = [`${prefix}a`, `${prefix}b`];
      await store.appendToStream(a, newEvents(a, 1), { expectedRevision: 'no_stream' });
      await expect(
        store.appendToStreams!([
          { stream: b, events: newEvents(b, 2), expectedRevision: 'no_stream' },
          { stream: a, events: newEvents(a, 1, 'stale'), expectedRevision: 'no_stream' },
        ]),
      ).rejects.toThrow(WrongExpectedRevisionError);
      const [taken] = newEvents(a, 1);
      await expectStoreError(
        store.appendToStreams!([
          { stream: b, events: newEvents(b, 1), expectedRevision: 'no_stream' },
          { stream: b, events: [taken!], expectedRevision: 0n },
        ]),
        DuplicateEventIdError,
        'DUPLICATE_EVENT_ID',
      );
      expect(await store.streamRevision(b)).toBeUndefined();
      expect((await readOurs(prefix, head)).map((e) => e.stream)).toEqual([a]);
    });
  });
}
