/**
 * The EventStoreDB catch-up subscription against a stand-in for the client's subscription
 * stream (an object-mode stream that emits 'caughtUp' and 'error' as the client's does), so
 * batching, the caught-up mark, resubscription and stopping are checked without a server.
 */
import { PassThrough } from 'node:stream';
import { UnavailableError, type AllStreamResolvedEvent, type SubscribeToAllOptions } from '@eventstore/db-client';
import { describe, expect, it } from 'vitest';
import { StoreUnavailableError } from '../../src/store/errors.js';
import { esdbCatchUpSubscription, type CatchUpDeps } from '../../src/store/esdb-subscription.js';
import type { RecordedEvent, SubscribeOptions } from '../../src/store/port.js';

class FakeSubscription extends PassThrough {
  unsubscribed = false;
  constructor() {
    super({ objectMode: true });
  }
  async unsubscribe() {
    this.unsubscribed = true;
  }
}

function fakeClient() {
  const calls: { options: SubscribeToAllOptions; sub: FakeSubscription }[] = [];
  const client = {
    subscribeToAll(options: SubscribeToAllOptions = {}) {
      const sub = new FakeSubscription();
      calls.push({ options, sub });
      return sub as never;
    },
  };
  return { client, calls, latest: () => calls[calls.length - 1]!.sub };
}

const resolved = (position: bigint, streamId = 'statement-1', type = 'StatementPublished'): AllStreamResolvedEvent =>
  ({
    event: {
      streamId,
      id: `00000000-0000-5000-8000-${position.toString().padStart(12, '0')}`,
      isJson: true,
      revision: position,
      type,
      created: new Date(Number(position) * 1000),
      data: { n: Number(position) },
      metadata: {},
      position: { commit: position, prepare: position },
    },
    commitPosition: position,
  }) as AllStreamResolvedEvent;

const tick = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));

function subscribe(
  options: SubscribeOptions,
  deps: Partial<CatchUpDeps> = {},
  handle: (batch: readonly RecordedEvent[]) => Promise<void> | void = () => undefined,
) {
  const fake = fakeClient();
  const batches: bigint[][] = [];
  const subscription = esdbCatchUpSubscription(
    // No fallback target unless a test gives one: the server's mark is what is under test.
    { client: fake.client, connection: 'esdb://u:pw@db:2113', lastMatching: () => new Promise(() => {}), retryMs: 1, ...deps },
    async (batch) => {
      batches.push(batch.map((e) => e.position));
      await handle(batch);
    },
    options,
  );
  return { ...fake, batches, subscription };
}

describe('EventStoreDB catch-up subscription', () => {
  it('hands events over in order, in batches of at most batchSize, and is caught up only after those before the mark', async () => {
    let handled = 0;
    const { latest, batches, subscription } = subscribe({ batchSize: 2 }, {}, async (batch) => {
      await tick(5);
      handled += batch.length;
    });
    const sub = latest();
    for (const p of [10n, 20n, 30n, 40n, 50n]) sub.write(resolved(p));
    // Emitted while the five are still buffered in the stream, as the client can do.
    sub.emit('caughtUp');
    await subscription.caughtUp;
    expect(handled).toBe(5);
    expect(batches).toEqual([[10n, 20n], [30n, 40n], [50n]]);
    await subscription.unsubscribe();
  });

  it('asks the server for events after `after`, filtered by prefix, and drops system events here too', async () => {
    const { calls, latest, batches, subscription } = subscribe({ after: 7n, streamPrefixes: ['statement-'] });
    expect(calls[0]!.options.fromPosition).toEqual({ commit: 7n, prepare: 7n });
    expect(calls[0]!.options.filter).toMatchObject({ filterOn: 'streamName', prefixes: ['statement-'] });
    latest().write(resolved(8n, '$settings', 'update'));
    latest().write(resolved(9n, 'metric-1'));
    latest().write(resolved(10n));
    latest().emit('caughtUp');
    await subscription.caughtUp;
    expect(batches.flat()).toEqual([10n]);
    await subscription.unsubscribe();
  });

  it('without a mark from the server (before 23.10), is caught up once the last matching event is handled', async () => {
    const { latest, batches, subscription } = subscribe({}, { lastMatching: async () => 30n });
    let caughtUp = false;
    void subscription.caughtUp.then(() => (caughtUp = true));
    latest().write(resolved(10n));
    await tick(30);
    expect(caughtUp).toBe(false);
    latest().write(resolved(30n));
    await subscription.caughtUp;
    expect(batches.flat()).toEqual([10n, 30n]);
    await subscription.unsubscribe();
  });

  it('is caught up at once when nothing matching is in the log', async () => {
    const { subscription } = subscribe({}, { lastMatching: async () => undefined });
    await subscription.caughtUp;
    await subscription.unsubscribe();
  });

  it('after a dropped connection, resubscribes from the last handled position and misses nothing', async () => {
    const { calls, latest, batches, subscription } = subscribe({});
    latest().write(resolved(10n));
    latest().write(resolved(20n));
    await tick(30);
    const first = latest();
    first.emit('error', new UnavailableError(undefined, '14 UNAVAILABLE: connection reset'));
    await tick(30);
    expect(first.unsubscribed).toBe(true);
    expect(calls).toHaveLength(2);
    expect(calls[1]!.options.fromPosition).toEqual({ commit: 20n, prepare: 20n });
    latest().write(resolved(30n));
    latest().emit('caughtUp');
    await subscription.caughtUp;
    expect(batches.flat()).toEqual([10n, 20n, 30n]);
    await subscription.unsubscribe();
  });

  it('gives up on caughtUp with StoreUnavailableError when the server never answers', async () => {
    const { calls, latest, subscription } = subscribe({});
    for (let i = 0; i < 6; i++) {
      latest().emit('error', new UnavailableError(undefined, '14 UNAVAILABLE: refused'));
      await tick(40);
    }
    await expect(subscription.caughtUp).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(subscription.caughtUp).rejects.toThrow(/u:\*\*\*@db:2113/);
    expect(calls).toHaveLength(6);
  });

  it('stops, and fails caughtUp, when the handler throws', async () => {
    const { latest, subscription } = subscribe({}, {}, () => {
      throw new Error('read model broken');
    });
    latest().write(resolved(10n));
    await expect(subscription.caughtUp).rejects.toThrow('read model broken');
    expect(latest().unsubscribed).toBe(true);
  });

  it('unsubscribe() waits for the running handler and nothing is handed over after it', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { latest, batches, subscription } = subscribe({ batchSize: 1 }, {}, () => gate);
    latest().write(resolved(10n));
    latest().write(resolved(20n));
    await tick(20);
    let done = false;
    const stopping = subscription.unsubscribe().then(() => (done = true));
    await tick(20);
    expect(done).toBe(false);
    release();
    await stopping;
    latest().write(resolved(30n));
    await tick(20);
    expect(batches).toEqual([[10n]]);
  });
});
