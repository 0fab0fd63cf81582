import { describe, expect, it } from 'vitest';
import { appendArchiveEvents } from '../../src/domain/append.js';
import { catchUp } from '../../src/read-model/follow.js';
import { sqliteHandleOf } from '../../src/read-model/read-model.js';
import { correction, retraction, smallArchive } from '../fixtures/archive.js';
import { archiveWith } from '../fixtures/read-model.js';

/** How many stored rows (version data or shared texts) hold `text`. */
const copiesOf = (db: ReturnType<typeof sqliteHandleOf>, text: string) =>
  (db.prepare('SELECT (SELECT count(*) FROM statement_versions WHERE instr(data, ?) > 0) + (SELECT count(*) FROM statement_texts WHERE instr(text, ?) > 0) AS n').get(text, text) as { n: number }).n;

describe('statement versions share their texts', () => {
  it('a correction and a retraction store no second copy of what they did not change, and every version reads whole', async () => {
    const { store, readModel, reader } = await archiveWith(smallArchive);
    const published = reader.getStatement('hearing')!.statement;
    await appendArchiveEvents(store, [correction('hearing', { title: 'Corrected title' }), retraction('hearing')], { via: 'cli' });
    await catchUp(store, readModel);
    const db = sqliteHandleOf(readModel);

    const history = reader.statementHistory('hearing');
    expect(history.map((v) => v.status)).toEqual(['published', 'published', 'retracted']);
    expect(history[0]!.statement).toEqual(published);
    expect(history[1]!.statement).toEqual({ ...published, title: 'Corrected title' });
    expect(history[2]!.statement).toEqual({ ...published, title: 'Corrected title' });

    // Three versions, one copy of each unchanged text; the two titles once each.
    expect(copiesOf(db, published.summary)).toBe(1);
    expect(copiesOf(db, JSON.stringify(published.sources))).toBe(1);
    expect(copiesOf(db, published.title)).toBe(1);
    expect(copiesOf(db, 'Corrected title')).toBe(1);
  });

  it("statements by one speaker store the speaker once", async () => {
    const { readModel, reader } = await archiveWith(smallArchive);
    const statements = reader.listStatements({ includeRetracted: true });
    expect(new Set(statements.map((s) => JSON.stringify(s.statement.speaker))).size).toBe(1);
    expect(statements.length).toBeGreaterThan(2);
    expect(copiesOf(sqliteHandleOf(readModel), JSON.stringify(statements[0]!.statement.speaker))).toBe(1);
  });
});
