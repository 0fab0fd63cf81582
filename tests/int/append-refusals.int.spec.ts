import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { toArchiveEvent } from '../../events/validate.js';
import { appendArchiveEvents } from '../../src/domain/append.js';
import type { EventStore } from '../../src/store/port.js';
import { getSqliteEventStore } from '../../src/store/sqlite.js';
import { qantar } from '../fixtures/cli.js';
import { metric } from '../fixtures/archive.js';

/** A refused append names the field to fix, on a real log, and leaves the log as it was. */
let dir: string;
let store: EventStore;
beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qantar-refusals-'));
  store = getSqliteEventStore(path.join(dir, 'log.db'));
  await appendArchiveEvents(store, [metric('amnestied'), metric('released')], { via: 'import' });
});
afterEach(async () => {
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const subset = (whole: string, parts: string[]) => ({ type: 'RelationDeclared', data: { id: 'of-those', kind: 'subset', whole, parts, phrase: 'of those' } });

describe('a relation naming a metric the archive does not define', () => {
  it.each([
    ['its whole', subset('pardoned', ['released']), 'data.whole'],
    ['its second part', subset('amnestied', ['released', 'pardoned']), 'data.parts.1'],
    ['a running total', { type: 'RelationDeclared', data: { id: 'grows', kind: 'cumulative', metric: 'pardoned', phrase: 'in total' } }, 'data.metric'],
  ])('is refused at the field naming it: %s', async (_what, relation, field) => {
    const head = await store.headPosition();
    const refused = await appendArchiveEvents(store, [toArchiveEvent(relation)], { via: 'cli' }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'UNKNOWN_METRIC', path: field, message: expect.stringContaining('names unknown metric "pardoned"') });
    expect(await store.headPosition()).toBe(head);
  });

  it('qantar append says which field of which event, and appends nothing', async () => {
    const file = path.join(dir, 'relation.json');
    fs.writeFileSync(file, JSON.stringify([metric('pardoned', 'amnesty', 'nowhere'), subset('amnestied', ['released', 'pardoned'])]));
    await store.close();
    const log = `sqlite:${path.join(dir, 'log.db')}`;
    const parent = qantar(['append', file, '--store', log]);
    expect(parent.code).toBe(1);
    expect(parent.stderr).toContain(`Refused (UNKNOWN_METRIC) in ${file} at [0].data.parent: unknown parent metric "nowhere"`);

    fs.writeFileSync(file, JSON.stringify([subset('amnestied', ['released', 'pardoned'])]));
    const part = qantar(['append', file, '--store', log]);
    expect(part.code).toBe(1);
    expect(part.stderr).toContain(`at data.parts.1: relation "of-those" names unknown metric "pardoned"`);
    expect(part.stderr).toContain('Nothing was appended.');
    store = getSqliteEventStore(path.join(dir, 'log.db'));
    expect(await store.streamRevision('relation-of-those')).toBeUndefined();
  });
});
