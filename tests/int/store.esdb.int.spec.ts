import { getEventStoreDbEventStore } from '../../src/store/esdb.js';
import { describeStoreContract } from './store-contract.js';

/**
 * The store contract against EventStoreDB / KurrentDB, when QANTAR_TEST_ESDB names a server,
 * e.g. `docker compose up -d eventstore` then
 * QANTAR_TEST_ESDB='esdb://localhost:2113?tls=false' npm run test:int.
 * The contract works under fresh stream prefixes, so a long-lived server can be reused.
 */
const connection = process.env.QANTAR_TEST_ESDB?.trim();
const skipReason = connection ? undefined : 'QANTAR_TEST_ESDB is not set: no EventStoreDB server to test against';
if (skipReason) console.warn(`store.esdb.int.spec: ${skipReason}`);

describeStoreContract('EventStoreDB', async () => getEventStoreDbEventStore(connection!), {
  skipReason,
  // The archive's ids include the stream name, so such a clash can only be forged.
  noGlobalIdIndex: 'EventStoreDB keeps no index of event ids across streams',
});
