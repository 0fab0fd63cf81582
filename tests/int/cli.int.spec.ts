import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadArchiveDirectory, seedDirectory } from '../../events/seed.js';
import type { Figure } from '../../events/schema/figure.js';
import { qantar } from '../fixtures/cli.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qantar-cli-'));
const dbFile = path.join(dir, 'qantar.db');
const env = { QANTAR_STORE: `sqlite:${dbFile}` };
const run = (...args: string[]) => qantar(args, env);
const json = (...args: string[]) => JSON.parse(run(...args, '--json').stdout) as Record<string, unknown>[];
const logDump = () =>
  JSON.stringify(new Database(dbFile, { readonly: true }).prepare('SELECT * FROM events ORDER BY position').all());

const seed = loadArchiveDirectory();
const seedFigures = seed.flatMap((e) => (e.type === 'StatementPublished' ? e.data.figures : [])) as Figure[];

describe('the CLI on the seed archive', () => {
  beforeAll(() => {
    const first = run('import', seedDirectory);
    expect(first.stderr).toBe('');
    expect(first.stdout).toMatch(new RegExp(`${seed.length} new events, 0 already`));
  });

  it('importing again appends nothing', () => {
    const before = logDump();
    expect(run('import', seedDirectory).stdout).toMatch(new RegExp(`0 new events, ${seed.length} already in the log`));
    expect(logDump()).toBe(before);
  });

  it('figures as of 5 January 2023 give every metric of the document its latest figure, worded and sourced', () => {
    const figures = json('figures', '--date', '2023-01-05');
    const metrics = new Set(seedFigures.map((f) => f.metric));
    expect(figures.map((f) => f.metric).sort()).toEqual([...metrics].sort());
    for (const f of figures) {
      const candidates = seedFigures.filter((s) => s.metric === f.metric);
      const latest = candidates.map((s) => s.asOf).sort().at(-1);
      expect(candidates.filter((s) => s.asOf === latest).map((s) => s.wording)).toContain(f.wording);
      expect(f).toMatchObject({ statementId: expect.any(String), publishedOn: expect.any(String), label: expect.any(String) });
    }
    const byMetric = Object.fromEntries(figures.map((f) => [f.metric, f]));
    expect(byMetric['persons-criminally-liable']).toMatchObject({ value: 1700, qualifier: 'approximately' });
  });

  it('figures as of 28 October 2022 refer to no later date, and known= drops what was published later', () => {
    const figures = json('figures', '--date', '2022-10-28');
    expect(figures.length).toBeGreaterThan(0);
    expect(figures.every((f) => String(f.asOf) <= '2022-10-28')).toBe(true);
    const known = json('figures', '--date', '2023-01-05', '--known', '2022-10-28');
    expect(known.length).toBeGreaterThan(0);
    expect(known.every((f) => String(f.publishedOn) <= '2022-10-28')).toBe(true);
  });

  it('the timeline as of 28 October 2022 has the amnesty law proposed and approved, not yet signed', () => {
    const timeline = json('timeline', '--date', '2022-10-28') as { kind: string; topics: string[]; publishedOn: string }[];
    const amnestyPath = timeline.filter((s) => s.topics.includes('amnesty-law')).map((s) => [s.publishedOn, s.kind]);
    expect(amnestyPath).toEqual([
      ['2022-09-01', 'address'],
      ['2022-10-27', 'law'],
    ]);
    const all = json('timeline') as { kind: string }[];
    expect(all.some((s) => s.kind === 'signing')).toBe(true);
  });

  it('prints a readable table without --json', () => {
    const out = run('figures', '--date', '2023-01-05').stdout;
    expect(out).toMatch(/Official figures as of 5 January 2023/);
    expect(out).toMatch(/≈ 1,700/);
    expect(out).toMatch(/37\.5 billion tenge/);
  });

  it.each(['import', 'append', 'figures', 'timeline'])('%s has --help', (command) => {
    const help = run(command, '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Usage: qantar/);
  });
});

describe('bad input appends nothing and says where it is wrong', () => {
  const statement = {
    id: 'a-new-statement',
    publishedOn: '2023-02-01',
    speaker: { body: 'Ministry of Internal Affairs' },
    kind: 'announcement',
    title: 'A new update',
    summary: 'Officials gave an update.',
    figures: [{ metric: 'deaths', value: 238, unit: 'persons', wording: '238 people were killed' }],
    sources: [{ title: 'A ministry release', url: 'https://example.org/release' }],
  };
  const write = (name: string, content: unknown) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
    return file;
  };
  const publish = (patch: Record<string, unknown>) => ({ type: 'StatementPublished', data: { ...statement, ...patch } });
  const translate = (text: Record<string, string>) => ({
    type: 'TextTranslated',
    data: { subject: 'statement', id: 'tokayev-signs-amnesty-law-2022-11-02', language: 'ru', by: 'archive', text },
  });

  it.each([
    ['not JSON', '{ "type": ', '(root)'],
    ['a wrong event type', { type: 'StatementDeleted', data: {} }, 'type'],
    ['a missing field', publish({ title: undefined }), 'data.title'],
    ['an impossible date', publish({ publishedOn: '2023-02-29' }), 'data.publishedOn'],
    ['a negative count', publish({ figures: [{ ...statement.figures[0], value: -5 }] }), 'data.figures.0.value'],
    ['an unknown metric', publish({ figures: [{ ...statement.figures[0], metric: 'ghosts' }] }), 'data.figures.0.metric'],
    ['a unit the metric is not counted in', publish({ figures: [{ ...statement.figures[0], unit: 'KZT' }] }), 'data.figures.0.unit'],
    ['an existing id with other content', publish({ id: 'tokayev-signs-amnesty-law-2022-11-02' }), 'data.id'],
    ['a correction of a statement that does not exist', { type: 'StatementCorrected', data: { statementId: 'nobody', reason: 'r', changes: { title: 't' } } }, 'data.statementId'],
    ['a translation of a quote', translate({ quote: 'Более 1000 человек' }), 'data.text.quote'],
  ])('%s', (name, content, field) => {
    const before = logDump();
    const file = write(`${name.replaceAll(' ', '-')}.json`, content);
    const result = run('append', file);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(field);
    expect(result.stderr).toMatch(/Nothing was appended/);
    expect(result.stderr).toContain(file);
    expect(logDump()).toBe(before);
  });

  it('a batch with one bad event appends none of it', () => {
    const before = logDump();
    const file = write('batch.json', [publish({ id: 'first-of-two' }), publish({ id: 'second-of-two', figures: [{ ...statement.figures[0], metric: 'ghosts' }] })]);
    const result = run('append', file);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('[1].data.figures.0.metric');
    expect(logDump()).toBe(before);
  });

  it('a translation is appended on top of its stream, once: an editor corrects the archive’s Russian as a new event', () => {
    const file = write('translation.json', translate({ title: 'Президент подписал закон об амнистии' }));
    expect(run('append', file).stdout).toMatch(/TextTranslated translation-ru-statement-tokayev-signs-amnesty-law-2022-11-02 revision 0 at position \d+: appended/);
    expect(run('append', file).stdout).toMatch(/already in the log/);
    const correction = write('translation-corrected.json', translate({ title: 'Токаев подписал закон об амнистии' }));
    expect(run('append', correction).stdout).toMatch(/translation-ru-statement-tokayev-signs-amnesty-law-2022-11-02 revision 1 at position \d+: appended/);
  });

  it('a good statement is appended once, and a retry appends nothing', () => {
    const file = write('good.json', publish({}));
    expect(run('append', file).stdout).toMatch(/StatementPublished statement-a-new-statement revision 0 at position \d+: appended/);
    const after = logDump();
    expect(run('append', file).stdout).toMatch(/already in the log/);
    expect(logDump()).toBe(after);
    expect(json('figures', '--date', '2023-02-01').find((f) => f.metric === 'deaths')?.statementId).toBe('a-new-statement');
  });
});
