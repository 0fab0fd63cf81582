import { afterAll, beforeAll } from 'vitest';
import { getEventStoreDbEventStore } from '../../src/store/esdb.js';
import { startProtocolDouble, type ProtocolDouble } from '../protocol-double/server.js';
import { describeStoreContract } from './store-contract.js';

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
beforeAll(async () => {
  double = await startProtocolDouble();
});
afterAll(() => double.stop());

describeStoreContract('EventStoreDB (protocol double)', async () => getEventStoreDbEventStore(double.connectionString), {
  noGlobalIdIndex,
});

const connection = process.env.QANTAR_TEST_ESDB?.trim();
if (connection) {
  describeStoreContract('EventStoreDB (real server)', async () => getEventStoreDbEventStore(connection), { noGlobalIdIndex });
} else {
  console.warn('store.esdb.int.spec: QANTAR_TEST_ESDB is not set: the contract runs against the protocol double only');
}
