import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import { getSqliteEventStore } from '../../src/store/sqlite.js';
import { describeStoreContract } from './store-contract.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

describeStoreContract('sqlite', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qantar-store-'));
  dirs.push(dir);
  return getSqliteEventStore(path.join(dir, 'events.db'));
});
