import { getInMemoryEventStore } from '../../src/store/memory.js';
import { describeStoreContract } from './store-contract.js';

describeStoreContract('memory', async () => getInMemoryEventStore());
