/**
 * Answers the EventStoreDB adapter must not misreport, through the real client over real gRPC to
 * the protocol double: a conflict the client reports as `success: false`, and events that an old
 * explicit transaction wrote, whose positions the port cannot express.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { WrongExpectedRevisionError } from '../../src/store/errors.js';
import { LegacyTransactionError } from '../../src/store/esdb-refusals.js';
import { proposed } from '../protocol-double/log.js';
import { rejection, storeOnDouble } from '../protocol-double/fixture.js';
import { newEvents } from './store-contract.js';

let opened: Awaited<ReturnType<typeof storeOnDouble>>;
afterEach(() => opened.close());

describe('EventStoreDB adapter, protocol double: nothing misreported', () => {
  it('with throwOnAppendFailure=false, a conflict the server finds is still WrongExpectedRevisionError, never written: true', async () => {
    opened = await storeOnDouble('&throwOnAppendFailure=false');
    const { store, double } = opened;
    const stream = 'statement-contested';
    await store.appendToStream(stream, newEvents(stream, 1), { expectedRevision: 'no_stream' });
    // Another writer appends between the adapter's own check and the server's.
    double.interleave(() => double.log.append(stream, [proposed('0b6f4c1e-3c1d-4a4e-9a8b-2f1e5d6c7b8a', 'Other', {})], { kind: 'any' }));

    const error = await rejection(store.appendToStream(stream, newEvents(stream, 1, 'mine'), { expectedRevision: 0n }));
    expect(error).toBeInstanceOf(WrongExpectedRevisionError);
    expect(error).toMatchObject({ stream, expected: '0', actual: 1n });
    expect((await store.readStream(stream)).map((e) => e.type)).toEqual(['ThingHappened', 'Other']);
  });

  it('events of an old explicit transaction (commit ≠ prepare) are refused by name in reads and subscriptions', async () => {
    opened = await storeOnDouble();
    const { store, double } = opened;
    await store.appendToStream('statement-1', newEvents('statement-1', 1));
    double.log.appendLegacyTransaction('statement-old', [
      proposed('5d0c7a4e-1f3b-4c2a-8e6d-9b7a1c3e5f70', 'StatementPublished', { n: 1 }),
      proposed('5d0c7a4e-1f3b-4c2a-8e6d-9b7a1c3e5f71', 'StatementPublished', { n: 2 }),
    ]);
    const subscription = store.subscribeToAll(() => undefined);
    const attempts = [() => store.readAll(), () => store.readStream('statement-old'), () => subscription.caughtUp];
    for (const attempt of attempts) {
      const error = await rejection(attempt());
      expect(error).toBeInstanceOf(LegacyTransactionError);
      expect((error as Error).message).toMatch(/statement-old@0 was written by an explicit transaction \(commit position \d+, prepare position \d+\)/);
    }
    await subscription.unsubscribe();
  });
});
