/**
 * What the EventStoreDB adapter makes of the server's answers, through the real client over real
 * gRPC to the protocol double: an outage is "unavailable" and retried; a refusal (access denied,
 * a position inside a record, a deleted stream) is said as what it is, and never retried.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { StoreUnavailableError, StreamNotFoundError } from '../../src/store/errors.js';
import { PositionNotInLogError, StoreAccessDeniedError, StreamDeletedError } from '../../src/store/esdb-refusals.js';
import { rejection, storeOnDouble } from '../protocol-double/fixture.js';
import { eventually, newEvents } from './store-contract.js';

let opened: Awaited<ReturnType<typeof storeOnDouble>>;
afterEach(() => opened.close());

/** A store on a fresh double holding one stream of three events; `inside` is a number within the first record. */
async function withThreeEvents() {
  opened = await storeOnDouble();
  await opened.store.appendToStream('statement-1', newEvents('statement-1', 3));
  const [first] = await opened.store.readStream('statement-1');
  return { ...opened, inside: first!.position + 1n };
}

describe('EventStoreDB adapter, protocol double: refusals are not outages', () => {
  it('a read of $all from a number inside a record is refused as PositionNotInLogError naming it, not "unavailable"', async () => {
    const { store, inside } = await withThreeEvents();
    for (const direction of ['forwards', 'backwards'] as const) {
      const error = await rejection(store.readAll({ direction, fromPosition: inside, maxCount: 1 }));
      expect(error, direction).toBeInstanceOf(PositionNotInLogError);
      expect(error, direction).not.toBeInstanceOf(StoreUnavailableError);
      expect((error as Error).message).toContain(`${inside} is not the position of an event in this log`);
      // The HTTP layer answers 400 for an error that carries it, as for body-parser's.
      expect((error as PositionNotInLogError).status).toBe(400);
    }
  });

  it('a subscription from a number inside a record fails caughtUp with PositionNotInLogError after one attempt', async () => {
    const { store, double, inside } = await withThreeEvents();
    const subscription = store.subscribeToAll(() => undefined, { after: inside });
    const error = await rejection(subscription.caughtUp);
    await subscription.unsubscribe();
    expect(error).toBeInstanceOf(PositionNotInLogError);
    expect(double.calls.subscribe).toBe(1);
  });

  it('access denied is StoreAccessDeniedError telling to check the credentials, on reads and appends alike', async () => {
    const { store, double } = await withThreeEvents();
    double.denyAccess(true);
    const attempts = [
      () => store.readAll({ maxCount: 1 }),
      () => store.readStream('statement-1'),
      () => store.headPosition(),
      () => store.appendToStream('statement-2', newEvents('statement-2', 1)),
    ];
    for (const attempt of attempts) {
      const error = await rejection(attempt());
      expect(error).toBeInstanceOf(StoreAccessDeniedError);
      expect(error).not.toBeInstanceOf(StoreUnavailableError);
      expect((error as Error).message).toMatch(/access denied.*user and password in the connection string/);
    }
  });

  it('a caught-up subscription that meets access denied after a restart stops instead of retrying forever', async () => {
    const { store, double } = await withThreeEvents();
    const subscription = store.subscribeToAll(() => undefined);
    await subscription.caughtUp;
    double.denyAccess(true);
    await double.kill();
    await double.restart();
    await eventually(() => expect(double.calls.subscribe).toBe(2));
    // Retries come 100, 200, 400… ms apart: in 1.5 s a retrying subscription would have tried again.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(double.calls.subscribe).toBe(2);
    await subscription.unsubscribe();
  });

  it('a stream deleted in the server reads and appends as StreamDeletedError, a StreamNotFoundError that says so', async () => {
    const { store, double } = await withThreeEvents();
    double.log.tombstone('statement-1');
    const attempts = [() => store.readStream('statement-1'), () => store.appendToStream('statement-1', newEvents('statement-1', 1, 'more'))];
    for (const attempt of attempts) {
      const error = await rejection(attempt());
      expect(error).toBeInstanceOf(StreamDeletedError);
      expect(error).toBeInstanceOf(StreamNotFoundError);
      expect(error).toMatchObject({ code: 'STREAM_NOT_FOUND', stream: 'statement-1' });
      expect((error as Error).message).toMatch(/statement-1 was deleted in EventStoreDB/);
    }
  });
});
