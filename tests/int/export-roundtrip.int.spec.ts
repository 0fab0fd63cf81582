import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadArchiveDirectory } from '../../events/seed.js';
import { appendArchiveEvents } from '../../src/domain/append.js';
import { ImportRefusedError, importLog } from '../../src/exports/import-log.js';
import { exportLog } from '../../src/exports/ndjson.js';
import type { EventStore } from '../../src/store/port.js';
import { getSqliteEventStore } from '../../src/store/sqlite.js';
import { ValidationError, toArchiveEvent } from '../../events/validate.js';
import { correction, metric, statement } from '../fixtures/archive.js';
import { qantar } from '../fixtures/cli.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qantar-export-'));
const stores: EventStore[] = [];
const sqlite = (name: string) => {
  const store = getSqliteEventStore(path.join(dir, `${name}.db`));
  stores.push(store);
  return store;
};
const linesOf = async (store: EventStore) => {
  const lines: string[] = [];
  for await (const line of exportLog(store)) lines.push(line.trimEnd());
  return lines;
};
const from = (lines: readonly string[]) => async function* () { yield* lines; };
/** What must survive the round trip, in log order: everything but the target's own archive time. */
const content = async (store: EventStore) =>
  (await store.readAll()).map((e) => ({ id: e.id, stream: e.stream, revision: e.revision, type: e.type, data: e.data, metadata: e.metadata }));

let source: EventStore;
let lines: string[];
beforeAll(async () => {
  source = sqlite('source');
  await appendArchiveEvents(source, loadArchiveDirectory(), { via: 'import' });
  await appendArchiveEvents(source, [correction('hearing-2023-01-05-asylov', { title: 'Corrected title' })], { via: 'cli' });
  const translation = { subject: 'statement', id: 'hearing-2023-01-05-asylov', language: 'ru', by: 'archive', text: { title: 'Исправленный заголовок' } };
  await appendArchiveEvents(source, [toArchiveEvent({ type: 'TextTranslated', data: translation })], { via: 'cli' });
  lines = await linesOf(source);
});
afterAll(async () => {
  await Promise.all(stores.map((s) => s.close()));
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('export → import-log', () => {
  it('writes every event as one line with positions and revisions as strings', async () => {
    const all = await source.readAll();
    expect(lines).toHaveLength(all.length);
    const first = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(Object.keys(first)).toEqual(['id', 'stream', 'revision', 'position', 'type', 'data', 'metadata', 'recordedAt']);
    expect(first).toMatchObject({ id: all[0]!.id, revision: '0', position: String(all[0]!.position), recordedAt: all[0]!.recordedAt });
  });

  it('round-trips into an empty SQLite store with identical ids, order, data and metadata; a re-run appends nothing', async () => {
    const target = sqlite('target');
    expect(await importLog(target, from(lines))).toEqual({ read: lines.length, appended: lines.length, alreadyThere: 0 });
    expect(await content(target)).toEqual(await content(source));
    expect(await importLog(target, from(lines))).toEqual({ read: lines.length, appended: 0, alreadyThere: lines.length });
    expect(await content(target)).toEqual(await content(source));
  });

  it('completes an interrupted import: a target holding the first events gets the rest', async () => {
    const target = sqlite('partial');
    await importLog(target, from(lines.slice(0, 10)));
    expect(await importLog(target, from(lines))).toMatchObject({ appended: lines.length - 10, alreadyThere: 10 });
    expect(await content(target)).toEqual(await content(source));
  });

  it('refuses a target holding other events, and appends nothing to it', async () => {
    const target = sqlite('other');
    await appendArchiveEvents(target, [metric('amnestied'), statement('x', '2022-10-27', [{ metric: 'amnestied', value: 1 }])], { via: 'cli' });
    const before = await content(target);
    await expect(importLog(target, from(lines))).rejects.toBeInstanceOf(ImportRefusedError);
    expect(await content(target)).toEqual(before);
    // A target holding more than the file is not "an earlier import of it" either.
    const longer = sqlite('longer');
    await importLog(longer, from(lines));
    await expect(importLog(longer, from(lines.slice(0, 5)))).rejects.toThrow(/more events than the file/);
  });

  it('refuses a damaged file before writing anything, naming the line and field', async () => {
    const target = sqlite('damaged');
    const broken = [...lines];
    broken[3] = broken[3]!.replace('"revision":"0"', '"revision":"7"');
    await expect(importLog(target, from(broken))).rejects.toThrow(/line 4: revision: must be 0/);
    const invalid = [...lines];
    const event = JSON.parse(invalid[0]!) as { data: { unit: string } };
    event.data.unit = 'goats';
    invalid[0] = JSON.stringify(event);
    await expect(importLog(target, from(invalid))).rejects.toBeInstanceOf(ValidationError);
    await expect(importLog(target, from(['{not json']))).rejects.toThrow(/line 1/);
    // A translation edited into a translation of the officials' own words.
    const quoted = [...lines];
    const at = quoted.findIndex((l) => l.includes('"type":"TextTranslated"'));
    const translated = JSON.parse(quoted[at]!) as { data: { text: Record<string, string> } };
    translated.data.text = { quote: 'Подделанная цитата' };
    quoted[at] = JSON.stringify(translated);
    await expect(importLog(target, from(quoted))).rejects.toThrow(new RegExp(`line ${at + 1}: data.text.quote: A quote is the officials' own words`));
    expect(await target.headPosition()).toBeUndefined();
  });
});

describe('qantar export and qantar import-log', () => {
  it('round-trip through a file, and a second import appends nothing', async () => {
    const env = { QANTAR_STORE: `sqlite:${path.join(dir, 'cli-source.db')}` };
    expect(qantar(['import'], env).code).toBe(0);
    const file = path.join(dir, 'log.ndjson');
    expect(qantar(['export', '--out', file], env).code).toBe(0);
    const copy = `sqlite:${path.join(dir, 'cli-copy.db')}`;
    const first = qantar(['import-log', file, '--store', copy]);
    expect(first.stdout).toMatch(/(\d+) events appended, 0 already there, \1 in the file/);
    expect(qantar(['import-log', file, '--store', copy]).stdout).toMatch(/0 events appended/);
    expect(qantar(['export', '--store', copy]).stdout.split('\n').map((l) => l && JSON.parse(l).id)).toEqual(
      fs.readFileSync(file, 'utf8').split('\n').map((l) => l && JSON.parse(l).id),
    );
    const refused = qantar(['import-log', file, '--store', `sqlite:${path.join(dir, 'source.db')}`]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('Refused');
  });
});
