import { describe, expect, it } from 'vitest';
import { generateArchive } from '../../bench/generate.js';
import type { ArchiveEvent } from '../../events/types.js';
import { projections } from '../../projections/index.js';
import { appendArchiveEvents } from '../../src/domain/append.js';
import { openReadModel, sqliteHandleOf } from '../../src/read-model/read-model.js';
import { getInMemoryEventStore } from '../../src/store/memory.js';
import { correction, retraction } from '../fixtures/archive.js';
import { dumpTables } from '../fixtures/read-model.js';

/** A generated archive with its relations, then corrections and retractions of some of its statements. */
async function log() {
  const generated = [...generateArchive({ seed: 15, events: 160, metrics: 12, years: 1 })];
  const withFigures = generated.flatMap((e) => (e.type === 'StatementPublished' && e.data.figures.length > 0 ? [e.data] : []));
  const [a, b, c] = [withFigures[3]!, withFigures[20]!, withFigures[45]!];
  const edits: ArchiveEvent[] = [
    correction(a.id, { title: 'Corrected title', figures: a.figures.map((f) => ({ ...f, value: f.value + 7, bounds: { lower: f.value + 7, upper: f.value + 7 }, qualifier: 'exact' as const })) }),
    retraction(b.id),
    correction(c.id, { figures: [] }),
    correction(a.id, { summary: 'Corrected again' }),
  ];
  const store = getInMemoryEventStore({ now: () => new Date('2026-01-01T00:00:00Z') });
  await appendArchiveEvents(store, [...generated, ...edits], { via: 'import' });
  return store.readAll();
}

/** The whole list reversed, and every other projection moved to the front. */
const orders = [[...projections].reverse(), ...projections.filter((_, i) => i % 2 === 0).map((p) => [p, ...projections.filter((q) => q !== p)])];

describe('projections applied in any order', () => {
  it('give the same tables, event by event and in one rebuild', async () => {
    const events = await log();
    const reference = openReadModel(':memory:');
    for (const e of events) reference.apply([e]);
    const expected = dumpTables(sqliteHandleOf(reference));
    reference.close();
    expect(expected).toContain('# findings\n{');
    for (const order of orders) {
      const names = order.map((p) => p.name).join(', ');
      const live = openReadModel(':memory:', { order });
      const rebuilt = openReadModel(':memory:', { order });
      try {
        for (const e of events) live.apply([e]);
        rebuilt.apply(events);
        rebuilt.settle?.();
        expect(dumpTables(sqliteHandleOf(live)), names).toBe(expected);
        expect(dumpTables(sqliteHandleOf(rebuilt)), names).toBe(expected);
      } finally {
        live.close();
        rebuilt.close();
      }
    }
  });
});
