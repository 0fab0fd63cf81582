/**
 * The EventStoreDB server dies and comes back while the archive follows it: through the real
 * client over real gRPC, the protocol double is killed mid-subscription (every open call ends at
 * once, as when a node's process dies) and restarted on the same port with the same log.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { StoreUnavailableError } from '../../src/store/errors.js';
import type { RecordedEvent } from '../../src/store/port.js';
import { rejection, storeOnDouble } from '../protocol-double/fixture.js';
import { eventually, newEvents } from './store-contract.js';

let opened: Awaited<ReturnType<typeof storeOnDouble>>;
afterEach(() => opened.close());

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('EventStoreDB adapter, protocol double: killed and restarted mid-subscription', () => {
  it('the subscription resumes from its checkpoint, and loses and repeats nothing; writes meanwhile get "unavailable"', async () => {
    opened = await storeOnDouble();
    const { store, double } = opened;
    const early = newEvents('statement-1', 200, 'early');
    await store.appendToStream('statement-1', early);

    // A read model's pace: each batch takes a while, so the kill lands with events sent but not handled.
    const handled: RecordedEvent[] = [];
    const subscription = store.subscribeToAll(
      async (batch) => {
        await tick(5);
        handled.push(...batch);
      },
      { streamPrefixes: ['statement-'], batchSize: 10 },
    );
    await eventually(() => expect(handled.length).toBeGreaterThanOrEqual(50));
    await double.kill();

    const whileDown = await rejection(store.appendToStream('statement-2', newEvents('statement-2', 1)));
    expect(whileDown).toBeInstanceOf(StoreUnavailableError);

    await double.restart();
    const late = newEvents('statement-2', 20, 'late');
    await eventually(async () => {
      await store.appendToStream('statement-2', late);
    });
    await subscription.caughtUp;
    const all = [...early, ...late].map((e) => e.id);
    await eventually(() => expect(handled.map((e) => e.id)).toEqual(all));

    // Each resubscription asked for what came after an event already handled: its checkpoint.
    const resumedFrom = double.subscribedFrom.slice(1);
    expect(resumedFrom.length).toBeGreaterThanOrEqual(1);
    const handledPositions = new Set(handled.map((e) => e.position));
    for (const from of resumedFrom) {
      expect(from).toMatchObject({ commit: expect.any(BigInt) });
      const { commit, prepare } = from as { commit: bigint; prepare: bigint };
      expect(prepare).toBe(commit);
      expect(handledPositions.has(commit)).toBe(true);
    }
    await subscription.unsubscribe();
  });
});
