import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WrongExpectedRevisionError } from '../../src/store/errors.js';
import { getEventStoreDbEventStore } from '../../src/store/esdb.js';
import { startProtocolDouble, type ProtocolDouble } from '../protocol-double/server.js';
import { describeStoreContract, newEvents, uniquePrefix } from './store-contract.js';

/**
 * The store contract against EventStoreDB, through the real @eventstore/db-client over real gRPC:
 * - always, against the protocol double (tests/protocol-double), a gRPC server on 127.0.0.1 that
 *   serves the client's own service definitions and answers as the server does;
 * - and, when QANTAR_TEST_ESDB names a server, against that server too, e.g.
 *   `docker compose up -d eventstore` then
 *   QANTAR_TEST_ESDB='esdb://localhost:2113?tls=false' npm run test:int.
 * The contract works under fresh stream prefixes, so a long-lived server can be reused.
 */
// The archive's ids include the stream name, so such a clash can only be forged.
const noGlobalIdIndex = 'EventStoreDB keeps no index of event ids across streams';

let double: ProtocolDouble;
/** A node that does not offer BatchAppend (before 21.10): the client appends through Append. */
let appendOnly: ProtocolDouble;
beforeAll(async () => {
  double = await startProtocolDouble();
  appendOnly = await startProtocolDouble({ batchAppend: false });
});
afterAll(async () => {
  await double.stop();
  await appendOnly.stop();
});

describeStoreContract('EventStoreDB (protocol double)', async () => getEventStoreDbEventStore(double.connectionString), {
  noGlobalIdIndex,
});

describe('EventStoreDB (protocol double): the client’s append call', () => {
  it('is BatchAppend where the server offers it, Append where it does not, with the same result', async () => {
    for (const node of [double, appendOnly]) {
      const store = getEventStoreDbEventStore(node.connectionString);
      const stream = `${uniquePrefix()}s`;
      const first = await store.appendToStream(stream, newEvents(stream, 2), { expectedRevision: 'no_stream' });
      const retry = await store.appendToStream(stream, newEvents(stream, 2), { expectedRevision: 'no_stream' });
      await expect(store.appendToStream(stream, newEvents(stream, 1, 'late'), { expectedRevision: 0n })).rejects.toThrow(
        WrongExpectedRevisionError,
      );
      await store.close();
      expect(first).toMatchObject({ nextRevision: 1n, written: true });
      expect(retry).toEqual({ ...first, written: false });
    }
    expect(double.calls).toMatchObject({ append: 0, batchAppend: expect.any(Number) });
    expect(double.calls.batchAppend).toBeGreaterThan(0);
    expect(appendOnly.calls).toMatchObject({ batchAppend: 0 });
    expect(appendOnly.calls.append).toBeGreaterThan(0);
  });
});

const connection = process.env.QANTAR_TEST_ESDB?.trim();
if (connection) {
  describeStoreContract('EventStoreDB (real server)', async () => getEventStoreDbEventStore(connection), { noGlobalIdIndex });
} else {
  console.warn('store.esdb.int.spec: QANTAR_TEST_ESDB is not set: the contract runs against the protocol double only');
}
