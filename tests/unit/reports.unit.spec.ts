import { describe, it, expect } from 'vitest';
import { loadArchiveDirectory, reportsDirectory, seedDirectory } from '../../events/seed.js';
import type { MetricDefinition } from '../../events/schema/catalogue.js';
import type { Statement } from '../../events/schema/statement.js';
import { appendArchiveEvents } from '../../src/domain/append.js';
import { getInMemoryEventStore } from '../../src/store/memory.js';

/**
 * The statements the archive added from public reports (events/reports/): each must say exactly
 * where it comes from, and each figure whether it is the official's words or the archive's.
 */
const seed = loadArchiveDirectory(seedDirectory);
const reports = loadArchiveDirectory(reportsDirectory);
const statements = reports.flatMap((e) => (e.type === 'StatementPublished' ? [e.data as Statement] : []));
const seedIds = new Set(seed.flatMap((e) => (e.type === 'StatementPublished' ? [e.data.id] : [])));

describe('statements from public reports', () => {
  it('are at least thirty, with at least a hundred figures', () => {
    expect(statements.length).toBeGreaterThanOrEqual(30);
    expect(statements.flatMap((s) => s.figures).length).toBeGreaterThanOrEqual(100);
  });

  it('each name at least one source with an outlet, a title, an http(s) URL, a date, a language and its kind', () => {
    for (const s of statements) {
      expect(s.sources.length, s.id).toBeGreaterThan(0);
      for (const source of s.sources) {
        const where = `${s.id}: ${source.title}`;
        expect(source.publisher, where).toBeTruthy();
        expect(source.url, where).toMatch(/^https?:\/\//);
        expect(source.date, where).toMatch(/^\d{4}(-\d{2}){0,2}$/);
        expect(source.language, where).toMatch(/^(en|ru|kk)$/);
        expect(source.kind, where).toMatch(/^(primary|secondary)$/);
      }
    }
  });

  it('each give every figure a wording kind and the language it was given in', () => {
    for (const s of statements) {
      for (const f of s.figures) {
        expect(f.wordingKind, `${s.id} ${f.metric}`).toMatch(/^(quote|paraphrase)$/);
        expect(f.language, `${s.id} ${f.metric}`).toMatch(/^(en|ru|kk)$/);
      }
    }
  });

  it('mark the official’s language as the archive’s judgement unless a report states it', () => {
    // Reports almost never say which language an official spoke: only where one does is the mark left off.
    const stated = statements.flatMap((s) => s.figures.filter((f) => f.wordingKind === 'paraphrase' && !f.languageInferred).map(() => s));
    for (const s of new Set(stated)) expect(s.summary, s.id).toMatch(/\b(in Russian|in Kazakh|in English)\b/);
  });

  it('quote nothing: a report is never the official’s own text, so every figure is the archive’s paraphrase', () => {
    // A quote needs the official's own words in a text the archive holds; only the seed document is.
    const quotedFromReports = statements.flatMap((s) =>
      s.figures.filter((f) => f.wordingKind === 'quote' && s.sources.every((src) => src.kind === 'secondary')).map((f) => `${s.id} ${f.metric}`),
    );
    expect(quotedFromReports).toEqual([]);
  });

  it('are dated from the January 2022 events on, with a speaker and a body', () => {
    for (const s of statements) {
      expect(s.publishedOn >= '2022-01', s.id).toBe(true);
      expect(s.speaker.body.length, s.id).toBeGreaterThan(0);
    }
  });

  it('reuse no statement id of the seed, and none twice', () => {
    const ids = statements.map((s) => s.id);
    expect(ids.filter((id) => seedIds.has(id))).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('append after the seed through the real append path, every figure naming a metric of the catalogue', async () => {
    const store = getInMemoryEventStore();
    await appendArchiveEvents(store, seed, { via: 'import' });
    const appended = await appendArchiveEvents(store, reports, { via: 'import' });
    expect(appended.every((a) => a.written)).toBe(true);
    // A second import appends nothing: the directory is imported idempotently on every start.
    const again = await appendArchiveEvents(store, reports, { via: 'import' });
    expect(again.some((a) => a.written)).toBe(false);
  });

  it('give earlier official values for the seed’s death toll, injured and convictions', () => {
    const metrics = new Set(statements.flatMap((s) => s.figures.filter((f) => f.asOf < '2023-01-05').map((f) => f.metric)));
    for (const metric of ['deaths', 'victims-injured', 'deaths-police-military']) expect(metrics, metric).toContain(metric);
  });

  it('define every new metric once, with no id the seed already has', () => {
    const seedMetrics = new Set(seed.flatMap((e) => (e.type === 'MetricDefined' ? [e.data.id] : [])));
    const added = reports.flatMap((e) => (e.type === 'MetricDefined' ? [(e.data as MetricDefinition).id] : []));
    expect(added.filter((id) => seedMetrics.has(id))).toEqual([]);
    expect(new Set(added).size).toBe(added.length);
  });
});
