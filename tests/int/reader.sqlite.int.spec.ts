import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { appendArchiveEvents } from '../../src/domain/append.js';
import { catchUp } from '../../src/read-model/follow.js';
import { openReadModel } from '../../src/read-model/read-model.js';
import { sqliteArchiveReader } from '../../src/read-model/reader.js';
import { getSqliteEventStore } from '../../src/store/sqlite.js';
import { describeReaderContract } from './reader-contract.js';

// A SQLite log and a SQLite read model, each a file, as `npm start` keeps them.
describeReaderContract('sqlite', async (events) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qantar-reader-'));
  const store = getSqliteEventStore(path.join(dir, 'log.db'));
  await appendArchiveEvents(store, events, { via: 'import' });
  const readModel = openReadModel(path.join(dir, 'read.db'));
  await catchUp(store, readModel);
  return {
    reader: sqliteArchiveReader(readModel),
    store,
    catchUp: () => catchUp(store, readModel),
    async close() {
      readModel.close();
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
});
