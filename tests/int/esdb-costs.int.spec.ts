/**
 * What the EventStoreDB adapter asks of the server, counted by the protocol double (calls and
 * events sent, never time): an append reads what the append rules need, not the stream, and a
 * scan filtered in the client does not step one event per call past the events it leaves out.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { storeOnDouble } from '../protocol-double/fixture.js';
import { newEvent, newEvents } from './store-contract.js';

let opened: Awaited<ReturnType<typeof storeOnDouble>>;
afterEach(() => opened.close());

describe('EventStoreDB adapter, protocol double: what an append and a scan cost', () => {
  it('an append to a stream of 500 events reads a handful of them, whatever the expected revision', async () => {
    opened = await storeOnDouble();
    const { store, double } = opened;
    const stream = 'metric-long';
    for (let i = 0; i < 5; i++) await store.appendToStream(stream, newEvents(stream, 100, `chunk-${i}`));

    const cases = [499n, 'stream_exists', 'any'] as const;
    for (const [i, expectedRevision] of cases.entries()) {
      const before = double.calls.eventsRead;
      await store.appendToStream(stream, [newEvent(stream, { next: i })], { expectedRevision });
      // Exact revision: the last event, and the one read back. any/stream_exists: the retry window too.
      const bound = typeof expectedRevision === 'bigint' ? 2 : 102;
      expect(double.calls.eventsRead - before, String(expectedRevision)).toBeLessThanOrEqual(bound);
    }
    expect(await store.streamRevision(stream)).toBe(502n);
  });

  it('a retry after the stream moved on far past the window is still recognised for an exact revision', async () => {
    opened = await storeOnDouble();
    const { store } = opened;
    const stream = 'statement-retried';
    const batch = newEvents(stream, 2);
    const first = await store.appendToStream(stream, batch, { expectedRevision: 'no_stream' });
    await store.appendToStream(stream, newEvents(stream, 300, 'later'), { expectedRevision: 1n });
    expect(await store.appendToStream(stream, batch, { expectedRevision: 'no_stream' })).toEqual({ ...first, written: false });
  });

  it('headPosition and a filtered backward read pass 300 system events in a few calls, not one call each', async () => {
    opened = await storeOnDouble();
    const { store, double } = opened;
    const ours = await store.appendToStream('statement-1', newEvents('statement-1', 1));
    // A real node writes its statistics to $stats-… streams every few seconds.
    double.log.appendSystemEvents('$stats-127.0.0.1:2113', '$statsCollected', 300);
    const before = double.calls.read;

    expect(await store.headPosition()).toBe(ours.position);
    const [last] = await store.readAll({ direction: 'backwards', maxCount: 1, streamPrefixes: ['statement-'] });
    expect(last?.position).toBe(ours.position);
    expect(double.calls.read - before).toBeLessThanOrEqual(12);
  });
});
